// `fickle analyse TRACKS --model RUN_DIR [-o DIR]`: α and the model of every track of a tracks
// file (fickle's own tracks.csv, or a trackpy or TrackMate export; app/run/tracks_file.hpp), read
// by the networks an `anomalous` nn run trained (RUN_DIR/model.npz), into DIR/analysis.csv
// (docs/nn.md, "Analysing tracks").
#pragma once

#include <filesystem>

namespace fickle {

struct AnalysisOutcome {
  std::filesystem::path file;  ///< DIR/analysis.csv
  long tracks = 0;             ///< analysed
  long skipped = 0;            ///< with fewer than 3 frames
};

/// Throws CaseError for a tracks file or model it cannot use.
AnalysisOutcome analyse_tracks(const std::filesystem::path& tracks,
                               const std::filesystem::path& run_dir,
                               const std::filesystem::path& out_dir);

}  // namespace fickle
