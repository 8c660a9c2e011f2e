// Trajectories as single-particle-tracking tools export them (docs/output.md, "tracks.csv"): one
// CSV row per particle and frame, `particle,frame,t,x[,y,z]`. fickle writes its own tracks this way
// and reads them back, and reads the exports of trackpy (columns x, y, frame, particle, among
// others) and TrackMate (TRACK_ID, FRAME, POSITION_X, POSITION_Y, POSITION_Z, POSITION_T, with
// its extra header rows).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace fickle {

struct Track {
  std::string particle;  ///< as written in the file (a number for fickle, trackpy, TrackMate)
  int dim = 1;
  std::vector<long> frame;
  std::vector<double> t;    ///< empty when the file has no time column
  std::vector<double> xyz;  ///< frames × dim, frame-major
  std::size_t frames() const { return frame.size(); }
};

/// Writes `tracks` (atomically) in particle order, each by frame.
void write_tracks_csv(const std::filesystem::path& file, const std::vector<Track>& tracks);

/// Reads every track of a CSV file: the columns are found by name in the first line (case
/// ignored; `particle`, `track_id` or `track`; `frame`; `t`, `time` or `position_t`; `x` or
/// `position_x`, and y, z likewise), separated by commas, semicolons or tabs. Rows without a
/// number in the particle or x column (TrackMate's units rows, spots in no track) are skipped;
/// each track is sorted by frame. Throws std::runtime_error (file:line: what) for a file without
/// particle and x columns or a row with a malformed number.
std::vector<Track> read_tracks_csv(const std::filesystem::path& file);

}  // namespace fickle
