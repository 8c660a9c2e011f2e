#include "nn/idx.hpp"

#include <zlib.h>

#include <memory>

namespace fickle::nn {
namespace fs = std::filesystem;

namespace {

std::uint32_t big_endian(const std::uint8_t* p) {
  return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) |
         std::uint32_t(p[3]);
}

// The whole file, decompressed (gzread passes plain files through unchanged).
std::vector<std::uint8_t> slurp(const fs::path& file) {
  const std::unique_ptr<gzFile_s, int (*)(gzFile)> in(gzopen(file.c_str(), "rb"), gzclose);
  if (!in) throw DataError("cannot open " + file.string());
  std::vector<std::uint8_t> bytes;
  std::uint8_t buffer[1 << 16];
  for (;;) {
    const int n = gzread(in.get(), buffer, sizeof buffer);
    if (n < 0) throw DataError("cannot decompress " + file.string() + " (corrupt gzip?)");
    if (n == 0) break;
    bytes.insert(bytes.end(), buffer, buffer + n);
  }
  return bytes;
}

fs::path find_file(const fs::path& dir, const std::string& name) {
  for (const fs::path& candidate : {dir / (name + ".gz"), dir / name})
    if (fs::exists(candidate)) return candidate;
  const bool debian_dir = fs::path(kFashionMnistDir) == dir;
  throw DataError(
      "cannot find " + (dir / name).string() + "[.gz]" +
      (debian_dir ? ": install Fashion-MNIST with `apt-get install dataset-fashion-mnist`"
                  : ": the directory must hold MNIST-format IDX files (Fashion-MNIST: `apt-get "
                    "install dataset-fashion-mnist` puts them in " +
                        std::string(kFashionMnistDir) + ")"));
}

}  // namespace

IdxArray read_idx(const fs::path& file) {
  const auto bytes = slurp(file);
  // Magic: two zero bytes, the type code (0x08 = unsigned byte), the number of dimensions.
  if (bytes.size() < 4 || bytes[0] != 0 || bytes[1] != 0)
    throw DataError(file.string() + " is not an IDX file (bad magic number)");
  if (bytes[2] != 0x08)
    throw DataError(file.string() + ": only unsigned-byte IDX files (type 0x08) are supported");
  const std::size_t rank = bytes[3];
  if (rank == 0 || bytes.size() < 4 + 4 * rank)
    throw DataError(file.string() + ": truncated IDX header");
  IdxArray a;
  std::size_t count = 1;
  for (std::size_t d = 0; d < rank; ++d) {
    a.dims.push_back(big_endian(&bytes[4 + 4 * d]));
    count *= a.dims.back();
  }
  const std::size_t header = 4 + 4 * rank;
  if (bytes.size() != header + count)
    throw DataError(file.string() + ": expected " + std::to_string(count) + " values, found " +
                    std::to_string(bytes.size() - header));
  a.values.assign(bytes.begin() + static_cast<std::ptrdiff_t>(header), bytes.end());
  return a;
}

LabelledImages read_mnist_format(const fs::path& dir, const std::string& prefix,
                                 std::size_t limit) {
  const fs::path image_file = find_file(dir, prefix + "-images-idx3-ubyte");
  const fs::path label_file = find_file(dir, prefix + "-labels-idx1-ubyte");
  const IdxArray images = read_idx(image_file), labels = read_idx(label_file);
  if (images.dims.size() != 3)
    throw DataError(image_file.string() + ": expected images (3 dimensions, magic 0x00000803)");
  if (labels.dims.size() != 1)
    throw DataError(label_file.string() + ": expected labels (1 dimension, magic 0x00000801)");
  if (images.dims[0] != labels.dims[0])
    throw DataError(image_file.string() + " and " + label_file.string() +
                    " hold different numbers of examples");
  std::size_t n = images.dims[0];
  if (limit > 0 && limit < n) n = limit;
  LabelledImages set;
  set.image_rows = static_cast<int>(images.dims[1]);
  set.image_cols = static_cast<int>(images.dims[2]);
  const std::size_t size = images.dims[1] * images.dims[2];
  set.pixels.resize(static_cast<Eigen::Index>(size), static_cast<Eigen::Index>(n));
  // Row-major image bytes are exactly one column each.
  for (std::size_t k = 0; k < n * size; ++k)
    set.pixels.data()[k] = static_cast<float>(images.values[k]) / 255.0f;
  set.labels.assign(labels.values.begin(), labels.values.begin() + static_cast<std::ptrdiff_t>(n));
  return set;
}

}  // namespace fickle::nn
