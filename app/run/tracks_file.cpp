#include "app/run/tracks_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <map>
#include <numeric>
#include <stdexcept>

#include "core/atomic_file.hpp"

namespace fickle {

namespace fs = std::filesystem;

void write_tracks_csv(const fs::path& file, const std::vector<Track>& tracks) {
  std::string text = "particle,frame,t,x";
  const int dim = tracks.empty() ? 1 : tracks.front().dim;
  if (dim > 1) text += ",y";
  if (dim > 2) text += ",z";
  text += '\n';
  for (const Track& track : tracks)
    for (std::size_t k = 0; k < track.frames(); ++k) {
      text += fmt::format("{},{},{:.10g}", track.particle, track.frame[k],
                          track.t.empty() ? static_cast<double>(track.frame[k]) : track.t[k]);
      for (int a = 0; a < track.dim; ++a)
        text += fmt::format(",{:.10g}", track.xyz[k * track.dim + a]);
      text += '\n';
    }
  write_file_atomically(file, text);
}

namespace {

std::string lowercase(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::vector<std::string> split(const std::string& line, char separator) {
  std::vector<std::string> fields(1);
  for (char c : line) {
    if (c == separator)
      fields.emplace_back();
    else if (c != '"' && c != '\r')
      fields.back() += c;
  }
  for (auto& f : fields) {
    const auto first = f.find_first_not_of(" \t"), last = f.find_last_not_of(" \t");
    f = first == std::string::npos ? "" : f.substr(first, last - first + 1);
  }
  return fields;
}

// The index of the first of `names` among the header's fields, or −1.
int column(const std::vector<std::string>& header, std::initializer_list<const char*> names) {
  for (const char* name : names)
    for (std::size_t i = 0; i < header.size(); ++i)
      if (lowercase(header[i]) == name) return static_cast<int>(i);
  return -1;
}

bool number(const std::string& field, double& value) {
  if (field.empty()) return false;
  char* end = nullptr;
  value = std::strtod(field.c_str(), &end);
  return end == field.c_str() + field.size();
}

struct Columns {
  int particle, frame, t;
  std::vector<int> axes;
  std::vector<std::string> header;
};

Columns find_columns(const std::vector<std::string>& header, const fs::path& file) {
  Columns c{column(header, {"particle", "track_id", "track"}),
            column(header, {"frame"}),
            column(header, {"t", "time", "position_t"}),
            {},
            header};
  for (const auto& names : {std::initializer_list<const char*>{"x", "position_x"},
                            std::initializer_list<const char*>{"y", "position_y"},
                            std::initializer_list<const char*>{"z", "position_z"}}) {
    const int k = column(header, names);
    if (k < 0) break;
    c.axes.push_back(k);
  }
  if (c.particle < 0 || c.axes.empty())
    throw std::runtime_error(fmt::format(
        "{}:1: expected a header with a particle (or track_id) column and an x (or position_x) "
        "column",
        file.string()));
  return c;
}

}  // namespace

std::vector<Track> read_tracks_csv(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error(fmt::format("cannot read {}", file.string()));
  std::string line;
  std::getline(in, line);
  const char separator = line.find(',') != std::string::npos   ? ','
                         : line.find(';') != std::string::npos ? ';'
                                                               : '\t';
  const Columns c = find_columns(split(line, separator), file);
  std::map<std::string, std::size_t> index;
  std::vector<Track> tracks;
  for (long row = 2; std::getline(in, line); ++row) {
    const auto fields = split(line, separator);
    const auto field = [&](int k) {
      return k >= 0 && k < static_cast<int>(fields.size()) ? fields[k] : std::string();
    };
    double id = 0, x = 0;
    if (!number(field(c.particle), id) || !number(field(c.axes[0]), x)) continue;
    auto [at, fresh] = index.emplace(field(c.particle), tracks.size());
    if (fresh) tracks.push_back({field(c.particle), static_cast<int>(c.axes.size()), {}, {}, {}});
    Track& track = tracks[at->second];
    double frame = static_cast<double>(track.frames()), t = 0;
    if (c.frame >= 0 && !number(field(c.frame), frame))
      throw std::runtime_error(fmt::format("{}:{}: frame: expected a number", file.string(), row));
    track.frame.push_back(std::lround(frame));
    if (c.t >= 0 && number(field(c.t), t)) track.t.push_back(t);
    for (int k : c.axes) {
      double v = 0;
      if (!number(field(k), v))
        throw std::runtime_error(fmt::format("{}:{}: {}: expected a number, got '{}'",
                                             file.string(), row, c.header[k], field(k)));
      track.xyz.push_back(v);
    }
  }
  // Each track by frame (trackpy writes by frame, particles interleaved).
  for (Track& track : tracks) {
    std::vector<std::size_t> order(track.frames());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return track.frame[a] < track.frame[b]; });
    Track sorted{track.particle, track.dim, {}, {}, {}};
    for (std::size_t k : order) {
      sorted.frame.push_back(track.frame[k]);
      if (track.t.size() == track.frames()) sorted.t.push_back(track.t[k]);
      for (int a = 0; a < track.dim; ++a) sorted.xyz.push_back(track.xyz[k * track.dim + a]);
    }
    track = std::move(sorted);
  }
  return tracks;
}

}  // namespace fickle
