#!/usr/bin/python3
"""Stokes lid-driven cavity with DOLFINx (the peer of fickle's `stokes` kind, bench/stokes_vs_dolfinx.sh).

Usage: /usr/bin/python3 bench/stokes/cavity_dolfinx.py N [K]   (serial; N x N cells)
  K: velocity degree, default 2 (Taylor-Hood P2-P1); 3 gives P3-P2, used for a sharper psi_min
  reference (bench/README.md, stokes_vs_dolfinx.sh, "The reference's resolution"), not by the
  benchmark.

Unit square, lid y = 1 moving with u = (1, 0), the other walls no-slip, viscosity 1, no body force.
Written for DOLFINx 0.5 (Debian 12's python3-dolfinx 0.5.2); the API it uses changed in 0.6/0.7.

Discretisation, as in DOLFINx 0.5's demo_stokes.py ("monolithic block, direct solver"):
  - create_unit_square(N, N), triangles, diagonal "right" (2 N^2 cells);
  - Taylor-Hood P2-P1 as two spaces V (vector P2) and Q (P1), block matrix
    [[grad u : grad v, -p div v], [-q div u, 0]] assembled by assemble_matrix_block;
  - the two top corners are no-slip (u = 0, "watertight" cavity): the corner vertex dofs belong to
    both the lid and the side walls, and the no-slip condition is applied last. (The demo's order,
    lid last, puts u = (1, 0) on the corners; psi_min then converges only to first order:
    -0.098556, -0.099320, -0.099699, -0.099888 at N = 16, 32, 64, 128, against -0.1000721,
    -0.1000750, -0.1000764, -0.1000763 watertight. The DOLFINx rows of bench/README.md, Peer
    figures, are the watertight ones.)
  - pressure determined up to a constant: the constant-pressure null space is attached to the matrix
    and MUMPS LU runs with ICNTL(24) = 1 (null-pivot detection), ICNTL(25) = 0, as in the demo.
Streamfunction: -lap(psi) = omega = dv/dx - du/dy with psi = 0 on the boundary, P2 (PK), MUMPS LU.
With u = dpsi/dy, v = -dpsi/dx the primary vortex has psi_min < 0.
psi_min: the smallest value at the dofs, then zoomed: psi is evaluated on a 21 x 21 point lattice
(half-width 1.5 h) around the current best point, 9 times, shrinking 5x each time (the last lattice
spacing is ~4e-7 h). psi_h is piecewise polynomial, so this converges to the discrete minimum and its location.

Prints one JSON object on stdout:
  n, cells, dofs (velocity + pressure), psi_dofs, assemble_solve_s (Stokes: matrix + vector assembly,
  MUMPS analysis + factorisation + solve; not mesh, spaces, form compilation or psi), jit_s (building
  the forms: FFCx JIT, cached in ~/.cache/fenics after the first run), psi_s, process_s (wall time
  since the Python process started, read from /proc), psi_min, psi_min_at, div_l2 (||div u_h||_L2),
  dolfinx version.
"""
import json
import sys
import time

import numpy as np
from mpi4py import MPI
from petsc4py import PETSc

import dolfinx
import ufl
from dolfinx import fem, geometry, mesh
from dolfinx.fem.petsc import (LinearProblem, assemble_matrix_block,
                               assemble_vector_block)
from dolfinx_common import mumps_lu, process_age_s, solve_or_exit, stokes_block_forms


def main(n, k=2):
    comm = MPI.COMM_WORLD
    if comm.size != 1:
        sys.exit("cavity_dolfinx.py runs serially (the psi_min search is not parallel)")

    msh = mesh.create_unit_square(comm, n, n, mesh.CellType.triangle)
    Pk = ufl.VectorElement("Lagrange", msh.ufl_cell(), k)
    Pk1 = ufl.FiniteElement("Lagrange", msh.ufl_cell(), k - 1)
    V, Q = fem.FunctionSpace(msh, Pk), fem.FunctionSpace(msh, Pk1)

    fdim = msh.topology.dim - 1
    walls = mesh.locate_entities_boundary(
        msh, fdim, lambda x: np.isclose(x[0], 0.0) | np.isclose(x[0], 1.0) | np.isclose(x[1], 0.0))
    lid = mesh.locate_entities_boundary(msh, fdim, lambda x: np.isclose(x[1], 1.0))
    noslip = np.zeros(2, dtype=PETSc.ScalarType)
    lid_u = fem.Function(V)
    lid_u.interpolate(lambda x: np.vstack((np.ones(x.shape[1]), np.zeros(x.shape[1]))))
    # set_bc applies the conditions in list order, the last one wins on shared dofs: no-slip last
    # makes the two top corners u = 0 ("watertight" cavity).
    bcs = [fem.dirichletbc(lid_u, fem.locate_dofs_topological(V, fdim, lid)),
           fem.dirichletbc(noslip, fem.locate_dofs_topological(V, fdim, walls), V)]

    t0 = time.perf_counter()
    a, L = stokes_block_forms(msh, V, Q, (0.0, 0.0))
    jit_s = time.perf_counter() - t0

    # --- timed: assembly, factorisation, solve -------------------------------------------------
    t0 = time.perf_counter()
    A = assemble_matrix_block(a, bcs=bcs)
    A.assemble()
    b = assemble_vector_block(L, a, bcs=bcs)
    offset = V.dofmap.index_map.size_local * V.dofmap.index_map_bs
    null = A.createVecLeft()
    null.array[offset:] = 1.0
    null.normalize()
    nsp = PETSc.NullSpace().create(vectors=[null])
    A.setNullSpace(nsp)
    nsp.remove(b)   # b is consistent already (zero pressure rhs); harmless
    ksp = mumps_lu(A, "stokes_")
    pc = ksp.getPC()
    pc.setFactorSetUpSolverType()
    pc.getFactorMatrix().setMumpsIcntl(icntl=24, ival=1)
    pc.getFactorMatrix().setMumpsIcntl(icntl=25, ival=0)
    x = solve_or_exit(ksp, A, b)
    assemble_solve_s = time.perf_counter() - t0
    # ---------------------------------------------------------------------------------------------

    uh = fem.Function(V)
    uh.x.array[:offset] = x.array_r[:offset]
    uh.x.scatter_forward()
    div_l2 = np.sqrt(msh.comm.allreduce(
        fem.assemble_scalar(fem.form(ufl.div(uh) ** 2 * ufl.dx)), op=MPI.SUM))

    # --- streamfunction ---------------------------------------------------------------------------
    t0 = time.perf_counter()
    S = fem.FunctionSpace(msh, ("Lagrange", k))
    psi, phi = ufl.TrialFunction(S), ufl.TestFunction(S)
    omega = uh[1].dx(0) - uh[0].dx(1)
    boundary = mesh.locate_entities_boundary(msh, fdim, lambda x: np.full(x.shape[1], True))
    bc_psi = fem.dirichletbc(PETSc.ScalarType(0.0), fem.locate_dofs_topological(S, fdim, boundary), S)
    problem = LinearProblem(ufl.inner(ufl.grad(psi), ufl.grad(phi)) * ufl.dx, omega * phi * ufl.dx,
                            bcs=[bc_psi], petsc_options={"ksp_type": "preonly", "pc_type": "lu",
                                                         "pc_factor_mat_solver_type": "mumps"})
    psih = problem.solve()
    psi_min, psi_at = find_min(msh, S, psih, 1.0 / n)
    psi_s = time.perf_counter() - t0

    return {
        "n": n,
        "cells": msh.topology.index_map(msh.topology.dim).size_global,
        "cell_type": "triangle (create_unit_square, diagonal right)",
        "elements": f"Taylor-Hood P{k}-P{k - 1}",
        "solver": "MUMPS LU, constant-pressure null space (ICNTL 24 = 1)",
        "dofs": A.getSize()[0],
        "psi_dofs": S.dofmap.index_map.size_global,
        "assemble_solve_s": assemble_solve_s,
        "jit_s": jit_s,
        "psi_s": psi_s,
        "process_s": process_age_s(),
        "psi_min": psi_min,
        "psi_min_at": psi_at,
        "div_l2": div_l2,
        "dolfinx": dolfinx.__version__,
    }


def find_min(msh, S, psih, h):
    """Minimum of the Lagrange function psih: best dof, then a shrinking 21 x 21 lattice around it."""
    coords = S.tabulate_dof_coordinates()[:, :2]
    vals = psih.x.array[: len(coords)]
    i = int(np.argmin(vals))
    best_val, best = float(vals[i]), coords[i].copy()
    tree = geometry.BoundingBoxTree(msh, msh.topology.dim)
    half = 1.5 * h
    s = np.linspace(-1.0, 1.0, 21)
    for _ in range(9):
        X, Y = np.meshgrid(best[0] + half * s, best[1] + half * s)
        pts = np.zeros((X.size, 3))
        pts[:, 0], pts[:, 1] = X.ravel(), Y.ravel()
        pts = pts[(pts[:, 0] > 0) & (pts[:, 0] < 1) & (pts[:, 1] > 0) & (pts[:, 1] < 1)]
        cand = geometry.compute_collisions(tree, pts)
        cells = geometry.compute_colliding_cells(msh, cand, pts)
        keep = [j for j in range(len(pts)) if len(cells.links(j)) > 0]
        pts = pts[keep]
        first = np.array([cells.links(j)[0] for j in keep], dtype=np.int32)
        vals = psih.eval(pts, first)[:, 0]
        j = int(np.argmin(vals))
        if vals[j] < best_val:
            best_val, best = float(vals[j]), pts[j, :2].copy()
        half /= 5.0
    return best_val, [float(best[0]), float(best[1])]


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    print(json.dumps(main(*map(int, sys.argv[1:]))))
