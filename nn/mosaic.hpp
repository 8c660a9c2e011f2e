// Receptive fields as one grayscale picture: each row of a weight matrix reshaped to a
// rows × cols tile, scaled to 0..255 over its own range, tiles laid out in a near-square grid
// with one-pixel gaps. The app writes it as PNG.
#pragma once

#include <cstdint>
#include <vector>

#include "nn/types.hpp"

namespace fickle::nn {

struct Image {
  int width = 0, height = 0;
  std::vector<std::uint8_t> pixels;  ///< row-major, top row first
};

/// At most `max_tiles` rows of `weights` (each of size tile_rows·tile_cols).
Image mosaic(const Matrix<double>& weights, int tile_rows, int tile_cols, int max_tiles = 100);

}  // namespace fickle::nn
