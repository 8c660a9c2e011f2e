// Model files: named matrices (float or double, stored bit for bit), integers and strings, so a
// saved model loads back exactly. Two forms of the same entries:
//   npz()    NumPy's .npz (nn/npz.hpp): a (rows, cols) float32/float64 array per matrix
//            (column-major), an int64 0-d array per integer, a byte string per text; model.npz.
//   bytes()  fickle's older blob: "fickle-nn 1\n", then per entry its name, a type letter
//            (f, d, i, s), rows, cols and the raw little-endian bytes; checkpoints.
// parse() reads either. The module only builds and parses the bytes; the app writes them
// atomically.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

#include "nn/types.hpp"

namespace fickle::nn {

class Archive {
 public:
  template <class T>
  void put(const std::string& name, const Matrix<T>& m) {
    put_raw(name, type_letter<T>(), m.rows(), m.cols(), m.data());
  }
  template <class T>
  void put(const std::string& name, const Vector<T>& v) {
    put_raw(name, type_letter<T>(), v.rows(), 1, v.data());
  }
  void put(const std::string& name, long value);
  void put(const std::string& name, const std::string& value);
  void put_real(const std::string& name, double value) {
    put(name, Matrix<double>::Constant(1, 1, value).eval());
  }

  template <class T>
  Matrix<T> matrix(const std::string& name) const;
  template <class T>
  Vector<T> vector(const std::string& name) const;
  long integer(const std::string& name) const;
  std::string text(const std::string& name) const;
  double real(const std::string& name) const { return matrix<double>(name)(0, 0); }
  bool has(const std::string& name) const { return entries_.count(name) > 0; }

  std::string bytes() const;
  std::string npz() const;
  /// Either form; throws std::runtime_error for anything that is not a whole archive.
  static Archive parse(std::string_view bytes);

 private:
  struct Entry {
    char type;
    std::int64_t rows, cols;
    std::string data;
  };
  template <class T>
  static constexpr char type_letter() {
    return sizeof(T) == 4 ? 'f' : 'd';
  }
  template <class T>
  void put_raw(const std::string& name, char type, Eigen::Index rows, Eigen::Index cols,
               const T* data) {
    entries_[name] = {type, rows, cols,
                      std::string(reinterpret_cast<const char*>(data),
                                  static_cast<std::size_t>(rows * cols) * sizeof(T))};
  }
  const Entry& entry(const std::string& name, char type) const;
  static Archive parse_npz(std::string_view bytes);
  std::map<std::string, Entry> entries_;
};

}  // namespace fickle::nn
