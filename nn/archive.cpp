#include "nn/archive.hpp"

#include <cstring>

#include "nn/npz.hpp"

namespace fickle::nn {

namespace {

constexpr std::string_view kMagic = "fickle-nn 1\n";

template <class I>
void append(std::string& out, I value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

// Reads from `in` at `pos`, checking the bounds.
struct Reader {
  std::string_view in;
  std::size_t pos = 0;
  std::string_view take(std::size_t n) {
    if (n > in.size() - pos) throw std::runtime_error("model file truncated");
    const auto s = in.substr(pos, n);
    pos += n;
    return s;
  }
  template <class I>
  I get() {
    I value;
    std::memcpy(&value, take(sizeof value).data(), sizeof value);
    return value;
  }
};

}  // namespace

void Archive::put(const std::string& name, long value) {
  const std::int64_t v = value;
  entries_[name] = {'i', 1, 1, std::string(reinterpret_cast<const char*>(&v), sizeof v)};
}

void Archive::put(const std::string& name, const std::string& value) {
  entries_[name] = {'s', static_cast<std::int64_t>(value.size()), 1, value};
}

const Archive::Entry& Archive::entry(const std::string& name, char type) const {
  const auto it = entries_.find(name);
  if (it == entries_.end()) throw std::runtime_error("model file: no entry " + name);
  if (it->second.type != type)
    throw std::runtime_error(std::string("model file: entry ") + name + " has type " +
                             it->second.type + ", expected " + type);
  return it->second;
}

template <class T>
Matrix<T> Archive::matrix(const std::string& name) const {
  const Entry& e = entry(name, type_letter<T>());
  Matrix<T> m(e.rows, e.cols);
  std::memcpy(m.data(), e.data.data(), e.data.size());
  return m;
}

template <class T>
Vector<T> Archive::vector(const std::string& name) const {
  const Entry& e = entry(name, type_letter<T>());
  Vector<T> v(e.rows * e.cols);
  std::memcpy(v.data(), e.data.data(), e.data.size());
  return v;
}

long Archive::integer(const std::string& name) const {
  std::int64_t v;
  std::memcpy(&v, entry(name, 'i').data.data(), sizeof v);
  return static_cast<long>(v);
}

std::string Archive::text(const std::string& name) const {
  return entry(name, 's').data;
}

std::string Archive::bytes() const {
  std::string out(kMagic);
  append<std::uint64_t>(out, entries_.size());
  for (const auto& [name, e] : entries_) {
    append<std::uint32_t>(out, static_cast<std::uint32_t>(name.size()));
    out += name;
    out += e.type;
    append<std::int64_t>(out, e.rows);
    append<std::int64_t>(out, e.cols);
    append<std::uint64_t>(out, e.data.size());
    out += e.data;
  }
  return out;
}

std::string Archive::npz() const {
  std::vector<NpyArray> arrays;
  for (const auto& [name, e] : entries_) {
    NpyArray a{name, "", {}, true, e.data};
    if (e.type == 'f' || e.type == 'd') {
      a.descr = e.type == 'f' ? "<f4" : "<f8";
      a.shape = {e.rows, e.cols};
    } else if (e.type == 'i') {
      a.descr = "<i8";
    } else {  // numpy has no empty byte string type: '' is one NUL, which numpy strips
      a.descr = "|S" + std::to_string(std::max<std::size_t>(1, e.data.size()));
      if (e.data.empty()) a.data.assign(1, '\0');
    }
    arrays.push_back(std::move(a));
  }
  return write_npz(arrays);
}

Archive Archive::parse_npz(std::string_view bytes) {
  Archive archive;
  for (auto& a : read_npz(bytes)) {
    Entry e{0, 1, 1, std::move(a.data)};
    const bool matrix = a.descr == "<f4" || a.descr == "<f8";
    if (matrix && a.shape.size() == 2 && a.fortran_order) {
      e.type = a.descr == "<f4" ? 'f' : 'd';
      e.rows = a.shape[0];
      e.cols = a.shape[1];
    } else if (a.descr == "<i8" && a.shape.empty()) {
      e.type = 'i';
    } else if (a.descr.starts_with("|S") && a.shape.empty()) {
      e.type = 's';
      if (e.data == std::string(1, '\0')) e.data.clear();
      e.rows = static_cast<std::int64_t>(e.data.size());
    } else {
      throw std::runtime_error("model file: entry " + a.name + " is not a fickle model array (" +
                               a.descr + ")");
    }
    const std::size_t width = e.type == 'f' ? 4 : e.type == 's' ? 1 : 8;
    if (e.rows < 0 || e.cols < 0 ||
        e.data.size() != static_cast<std::size_t>(e.rows * e.cols) * width)
      throw std::runtime_error("model file: entry " + a.name + " has the wrong size");
    archive.entries_[a.name] = std::move(e);
  }
  return archive;
}

Archive Archive::parse(std::string_view bytes) {
  if (looks_like_npz(bytes)) return parse_npz(bytes);
  if (bytes.substr(0, kMagic.size()) != kMagic)
    throw std::runtime_error("not a fickle nn model file");
  Reader r{bytes, kMagic.size()};
  Archive a;
  const auto count = r.get<std::uint64_t>();
  for (std::uint64_t k = 0; k < count; ++k) {
    const std::string name(r.take(r.get<std::uint32_t>()));
    Entry e;
    e.type = r.take(1)[0];
    e.rows = r.get<std::int64_t>();
    e.cols = r.get<std::int64_t>();
    e.data = std::string(r.take(r.get<std::uint64_t>()));
    const std::size_t width = e.type == 'f' ? 4 : e.type == 's' ? 1 : 8;
    if (e.rows < 0 || e.cols < 0 ||
        e.data.size() != static_cast<std::size_t>(e.rows * e.cols) * width)
      throw std::runtime_error("model file: entry " + name + " has the wrong size");
    a.entries_[name] = std::move(e);
  }
  if (r.pos != bytes.size()) throw std::runtime_error("model file: trailing bytes");
  return a;
}

template Matrix<float> Archive::matrix<float>(const std::string&) const;
template Matrix<double> Archive::matrix<double>(const std::string&) const;
template Vector<float> Archive::vector<float>(const std::string&) const;
template Vector<double> Archive::vector<double>(const std::string&) const;

}  // namespace fickle::nn
