// The `nn` kind's snapshots: model.nn, the trained model, and plots/filters.png, the first
// layer's receptive fields (or the perceptron's weights) as a mosaic of images.
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkPNGWriter.h>
#include <vtkPointData.h>
#include <vtkUnsignedCharArray.h>

#include "app/kinds/nn/nn_case.hpp"
#include "core/atomic_file.hpp"
#include "nn/mosaic.hpp"

namespace fickle {
namespace fs = std::filesystem;

namespace {

void write_png(const fs::path& file, const nn::Image& image) {
  vtkNew<vtkImageData> data;
  data->SetDimensions(image.width, image.height, 1);
  vtkNew<vtkUnsignedCharArray> values;
  values->SetNumberOfValues(static_cast<vtkIdType>(image.pixels.size()));
  // VTK's rows go up from the bottom.
  for (int y = 0; y < image.height; ++y)
    for (int x = 0; x < image.width; ++x)
      values->SetValue(
          static_cast<vtkIdType>(y) * image.width + x,
          image.pixels[static_cast<std::size_t>(image.height - 1 - y) * image.width + x]);
  data->GetPointData()->SetScalars(values);
  write_atomically(file, [&](const fs::path& partial) {
    vtkNew<vtkPNGWriter> writer;
    writer->SetFileName(partial.c_str());
    writer->SetInputData(data);
    writer->Write();
  });
}

}  // namespace

void NnCase::write_snapshot(int /*index*/) {
  if (ctx_->rank != 0) return;
  write_file_atomically(ctx_->run_dir / "model.nn", model_archive().bytes());
  write_filters();
}

void NnCase::write_filters() {
  if (s_.filters == 0 || image_rows_ == 0) return;
  Matrix<double> w;
  if (!rbms_.empty())
    w = rbms_[0].weights.cast<double>();
  else if (s_.model == NnModel::mlp && !mlp_.layers().empty())
    w = mlp_.layers()[0].weights.cast<double>();
  else if (s_.model == NnModel::perceptron && !perceptron_.units().empty())
    w = perceptron_weights().leftCols(image_rows_ * image_cols_);  // one tile per class
  if (w.cols() != image_rows_ * image_cols_) return;
  fs::create_directories(ctx_->run_dir / "plots");
  write_png(ctx_->run_dir / "plots" / "filters.png",
            nn::mosaic(w, image_rows_, image_cols_, static_cast<int>(s_.filters)));
}

}  // namespace fickle
