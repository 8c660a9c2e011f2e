#include "nn/mosaic.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace fickle::nn {

Image mosaic(const Matrix<double>& weights, int tile_rows, int tile_cols, int max_tiles) {
  if (weights.cols() != static_cast<Eigen::Index>(tile_rows) * tile_cols)
    throw std::invalid_argument("mosaic: the rows of the weights are not tile-sized");
  const int tiles = static_cast<int>(std::min<Eigen::Index>(weights.rows(), max_tiles));
  const int across = std::max(1, static_cast<int>(std::ceil(std::sqrt(tiles))));
  const int down = std::max(1, (tiles + across - 1) / across);
  Image image;
  image.width = across * (tile_cols + 1) - 1;
  image.height = down * (tile_rows + 1) - 1;
  image.pixels.assign(static_cast<std::size_t>(image.width) * image.height, 0);
  for (int t = 0; t < tiles; ++t) {
    const auto w = weights.row(t);
    const double lo = w.minCoeff(), hi = w.maxCoeff();
    const double scale = hi > lo ? 255.0 / (hi - lo) : 0.0;
    const int x0 = (t % across) * (tile_cols + 1), y0 = (t / across) * (tile_rows + 1);
    for (int r = 0; r < tile_rows; ++r)
      for (int c = 0; c < tile_cols; ++c)
        image.pixels[static_cast<std::size_t>(y0 + r) * image.width + x0 + c] =
            static_cast<std::uint8_t>(std::lround((w(r * tile_cols + c) - lo) * scale));
  }
  return image;
}

}  // namespace fickle::nn
