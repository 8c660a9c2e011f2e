// IDX files (the MNIST format: big-endian header, magic 0x00000803 for images and 0x00000801 for
// labels), plain or gzip-compressed (read through zlib), and the MNIST-format data sets built
// from them: Fashion-MNIST from Debian's `dataset-fashion-mnist` or any directory with the four
// files train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-images-...,
// t10k-labels-....
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "nn/types.hpp"

namespace fickle::nn {

/// Missing or malformed data files; the message says what to install or where to look.
class DataError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Where `apt-get install dataset-fashion-mnist` puts the files.
inline const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

struct IdxArray {
  std::vector<std::size_t> dims;
  std::vector<std::uint8_t> values;  ///< unsigned bytes (type code 0x08), row-major
};

/// Reads one IDX file of unsigned bytes (gzip or plain).
IdxArray read_idx(const std::filesystem::path& file);

/// Images as columns scaled to [0, 1] and their class labels.
struct LabelledImages {
  Matrix<float> pixels;  ///< (rows·cols) × count, pixel (r, c) at row r·cols + c
  std::vector<int> labels;
  int image_rows = 0, image_cols = 0;
};

/// `prefix` is "train" or "t10k"; `limit` > 0 keeps the first `limit` images.
LabelledImages read_mnist_format(const std::filesystem::path& dir, const std::string& prefix,
                                 std::size_t limit = 0);

}  // namespace fickle::nn
