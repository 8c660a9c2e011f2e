// The Stokes system kept once, as its field blocks (docs/science.md §4.7). PCFIELDSPLIT copies the
// blocks [A Bᵀ; B C] out of an assembled system while the outer Krylov solver keeps the system for
// its products: every entry twice. Here the blocks are taken out once and the assembled system can
// go: a MATNEST of them is the preconditioning matrix (PCFIELDSPLIT takes its blocks by
// reference), and a shell applies them to vectors in the DM's interleaved layout, gathering each
// field's part from the rank's own entries (MATNEST's own product builds a scatter per block and
// product when the fields interleave).
#pragma once

#include <petscmat.h>

#include "core/petsc.hpp"

namespace fickle {

struct SplitSystem {
  OwnedMat product;  ///< MATSHELL: y = K x on the assembled system's layout
  OwnedMat blocks;   ///< MATNEST of the blocks on `fields`
};

/// The blocks of `assembled` on the index sets `fields` (n of them, the DM's fields, together
/// every row once). `assembled` is left as it was: the caller frees it.
SplitSystem split_system(Mat assembled, PetscInt n, const IS fields[]);

}  // namespace fickle
