// NumPy's .npz files (a zip of .npy arrays, stored without compression), so that Python reads a
// trained model with numpy.load alone. Only what fickle writes is read back: stored entries, .npy
// format 1.0, little-endian numbers or byte strings (docs/nn.md, "model.npz").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fickle::nn {

struct NpyArray {
  std::string name;                 ///< the key numpy.load gives it (the member is name.npy)
  std::string descr;                ///< '<f4', '<f8', '<i8' or '|S<n>'
  std::vector<std::int64_t> shape;  ///< empty: a 0-d array (one value)
  bool fortran_order = false;       ///< column-major data (Eigen's)
  std::string data;                 ///< the raw bytes, in that order
};

/// The bytes of an .npz holding `arrays` (names unique).
std::string write_npz(const std::vector<NpyArray>& arrays);

/// The arrays of an .npz written by write_npz; throws std::runtime_error for anything else.
std::vector<NpyArray> read_npz(std::string_view bytes);

/// Whether `bytes` start like a zip file (an .npz) rather than fickle's older model format.
inline bool looks_like_npz(std::string_view bytes) {
  return bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4);
}

}  // namespace fickle::nn
