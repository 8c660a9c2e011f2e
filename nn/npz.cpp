#include "nn/npz.hpp"

#include <zlib.h>

#include <cstring>
#include <regex>
#include <stdexcept>

namespace fickle::nn {

namespace {

constexpr std::uint32_t kLocalHeader = 0x04034b50, kCentralHeader = 0x02014b50,
                        kEndOfCentral = 0x06054b50;
constexpr std::uint16_t kVersion = 20;    // zip 2.0: plain stored entries
constexpr std::uint16_t kDosDate = 0x21;  // 1980-01-01: identical runs write identical files

template <class I>
void put(std::string& out, I value) {
  for (std::size_t b = 0; b < sizeof value; ++b)
    out += static_cast<char>((static_cast<std::uint64_t>(value) >> (8 * b)) & 0xff);
}

template <class I>
I get(std::string_view in, std::size_t at) {
  if (at + sizeof(I) > in.size()) throw std::runtime_error("npz file truncated");
  std::uint64_t v = 0;
  for (std::size_t b = 0; b < sizeof(I); ++b)
    v |= static_cast<std::uint64_t>(static_cast<unsigned char>(in[at + b])) << (8 * b);
  return static_cast<I>(v);
}

// .npy 1.0: magic, version, header length, a Python dict padded with spaces to a multiple of 64.
std::string npy(const NpyArray& a) {
  std::string shape;
  for (const auto n : a.shape) shape += std::to_string(n) + ", ";
  if (!shape.empty()) shape.resize(shape.size() - (a.shape.size() == 1 ? 1 : 2));  // (3,), (3, 4)
  std::string header = "{'descr': '" + a.descr +
                       "', 'fortran_order': " + (a.fortran_order ? "True" : "False") +
                       ", 'shape': (" + shape + "), }";
  header.append(63 - (10 + header.size()) % 64, ' ');
  header += '\n';
  std::string out("\x93NUMPY\x01\x00", 8);
  put<std::uint16_t>(out, static_cast<std::uint16_t>(header.size()));
  return out + header + a.data;
}

NpyArray parse_npy(std::string name, std::string_view bytes) {
  if (bytes.substr(0, 8) != std::string_view("\x93NUMPY\x01\x00", 8))
    throw std::runtime_error("npz entry " + name + ": not an .npy 1.0 array");
  const auto length = get<std::uint16_t>(bytes, 8);
  if (10u + length > bytes.size()) throw std::runtime_error("npz entry " + name + " truncated");
  const std::string header(bytes.substr(10, length));
  static const std::regex form(
      R"(\{'descr': '([^']+)', 'fortran_order': (True|False), 'shape': \(([0-9, ]*)\), \}\s*)");
  std::smatch m;
  if (!std::regex_match(header, m, form))
    throw std::runtime_error("npz entry " + name + ": unexpected header " + header);
  NpyArray a{std::move(name),
             m[1].str(),
             {},
             m[2].str() == "True",
             std::string(bytes.substr(10 + length))};
  const std::string dims = m[3].str();
  for (std::size_t at = 0; at < dims.size();) {
    const auto end = dims.find(',', at);
    const std::string n = dims.substr(at, end == std::string::npos ? end : end - at);
    if (n.find_first_not_of(' ') != std::string::npos) a.shape.push_back(std::stoll(n));
    at = end == std::string::npos ? dims.size() : end + 1;
  }
  return a;
}

}  // namespace

std::string write_npz(const std::vector<NpyArray>& arrays) {
  std::string out, central;
  for (const auto& a : arrays) {
    const std::string name = a.name + ".npy", data = npy(a);
    const auto crc = static_cast<std::uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
    const auto offset = static_cast<std::uint32_t>(out.size());
    const auto size = static_cast<std::uint32_t>(data.size());
    if (data.size() >= 0xffffffffu || out.size() >= 0xffffffffu)
      throw std::runtime_error("npz: " + a.name + " is beyond 4 GiB (no zip64)");
    // The fields both headers share: version, flags, method, time, date, crc, sizes, name length.
    std::string common;
    put<std::uint16_t>(common, kVersion), put<std::uint16_t>(common, 0);
    put<std::uint16_t>(common, 0), put<std::uint16_t>(common, 0);
    put<std::uint16_t>(common, kDosDate), put<std::uint32_t>(common, crc);
    put<std::uint32_t>(common, size), put<std::uint32_t>(common, size);
    put<std::uint16_t>(common, static_cast<std::uint16_t>(name.size()));
    put<std::uint16_t>(common, 0);  // extra field length
    put<std::uint32_t>(out, kLocalHeader);
    out += common + name + data;
    put<std::uint32_t>(central, kCentralHeader), put<std::uint16_t>(central, kVersion);
    central += common;
    put<std::uint16_t>(central, 0), put<std::uint16_t>(central, 0);  // comment, disk
    put<std::uint16_t>(central, 0), put<std::uint32_t>(central, 0);  // attributes
    put<std::uint32_t>(central, offset);
    central += name;
  }
  const auto central_offset = static_cast<std::uint32_t>(out.size());
  out += central;
  put<std::uint32_t>(out, kEndOfCentral), put<std::uint16_t>(out, 0), put<std::uint16_t>(out, 0);
  put<std::uint16_t>(out, static_cast<std::uint16_t>(arrays.size()));
  put<std::uint16_t>(out, static_cast<std::uint16_t>(arrays.size()));
  put<std::uint32_t>(out, static_cast<std::uint32_t>(central.size()));
  put<std::uint32_t>(out, central_offset), put<std::uint16_t>(out, 0);
  return out;
}

std::vector<NpyArray> read_npz(std::string_view bytes) {
  std::vector<NpyArray> arrays;
  std::size_t at = 0;
  while (get<std::uint32_t>(bytes, at) == kLocalHeader) {
    const auto flags = get<std::uint16_t>(bytes, at + 6),
               method = get<std::uint16_t>(bytes, at + 8);
    const auto crc = get<std::uint32_t>(bytes, at + 14), size = get<std::uint32_t>(bytes, at + 18);
    const auto name_length = get<std::uint16_t>(bytes, at + 26);
    const auto extra = get<std::uint16_t>(bytes, at + 28);
    if (method != 0 || (flags & 8) != 0)
      throw std::runtime_error("npz: only stored entries with their sizes in the header are read");
    const std::size_t data_at = at + 30 + name_length + extra;
    if (data_at + size > bytes.size()) throw std::runtime_error("npz file truncated");
    std::string name(bytes.substr(at + 30, name_length));
    const std::string_view data = bytes.substr(data_at, size);
    if (crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(size)) != crc)
      throw std::runtime_error("npz entry " + name + ": checksum mismatch");
    if (!name.ends_with(".npy")) throw std::runtime_error("npz entry " + name + " is not .npy");
    name.resize(name.size() - 4);
    arrays.push_back(parse_npy(std::move(name), data));
    at = data_at + size;
  }
  if (get<std::uint32_t>(bytes, at) != kCentralHeader &&
      get<std::uint32_t>(bytes, at) != kEndOfCentral)
    throw std::runtime_error("npz: damaged after entry " + std::to_string(arrays.size()));
  return arrays;
}

}  // namespace fickle::nn
