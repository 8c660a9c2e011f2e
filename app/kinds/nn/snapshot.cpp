// The `nn` kind's snapshots: model.npz, the trained model, and plots/filters.png, the model's
// receptive fields (or the perceptron's weights) as a mosaic of images.
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkPNGWriter.h>
#include <vtkPointData.h>
#include <vtkUnsignedCharArray.h>

#include "app/kinds/nn/data.hpp"
#include "app/kinds/nn/nn_case.hpp"
#include "core/atomic_file.hpp"
#include "core/on_root.hpp"

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

std::optional<nn::Image> filter_mosaic(const nn::Matrix<double>& w, const NnDataset& data,
                                       long count) {
  if (count == 0 || data.image_rows == 0 || w.cols() != data.image_rows * data.image_cols)
    return std::nullopt;
  return nn::mosaic(w, data.image_rows, data.image_cols, static_cast<int>(count));
}

void NnCase::write_snapshot(int /*index*/) {
  // Rank 0 writes (every rank trains the same model); on_root tells the others when it fails, so
  // that none waits in the next step's collective calls.
  on_root(ctx_->comm, [&] {
    write_file_atomically(ctx_->run_dir / "model.npz", model_archive().npz());
    const auto filters = model_->filters();
    if (!filters) return;
    fs::create_directories(ctx_->run_dir / "plots");
    write_png(ctx_->run_dir / "plots" / "filters.png", *filters);
  });
}

}  // namespace fickle
