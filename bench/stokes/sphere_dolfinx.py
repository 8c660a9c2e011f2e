#!/usr/bin/python3
"""Stokes flow through a simple cubic array of spheres with DOLFINx on a body-fitted gmsh mesh: the
peer of fickle's cases/stokes-sphere-drag (bench/stokes_sphere_vs_dolfinx.sh).

Usage: /usr/bin/python3 bench/stokes/sphere_dolfinx.py H_SPHERE H_FAR [GEOMETRY_ORDER]   (serial)
  H_SPHERE  mesh size on the sphere (units of the period L = 1)
  H_FAR     mesh size far from it (reached 0.3 L from the surface, linear in between)
  GEOMETRY_ORDER  1: straight-sided tetrahedra; 2 (default): 10-node tetrahedra, the sphere curved

The problem is fickle's case: period L = 1, sphere radius a = 0.2 at the centre of the cell
(solid fraction 0.0335), viscosity 1, body force f = (1, 0, 0) on the fluid. DOLFINx 0.5 (Debian 12)
has no periodic constraints, so one octant of the cell is solved, [0, L/2]^3 minus the sphere's
octant (centre at the origin), with the symmetry conditions of bench/README.md
("stokes_sphere_vs_dolfinx.sh"):
  x = 0 and x = L/2:  u_y = u_z = 0 strongly; p = 0 and du_x/dx = 0, which is the natural condition
                      mu du/dn - p n = 0 of the Laplacian weak form below;
  y = 0 and y = L/2:  u_y = 0 strongly; du_x/dy = du_z/dy = 0 natural;
  z = 0 and z = L/2:  u_z = 0 strongly; du_x/dz = du_y/dz = 0 natural;
  sphere:             u = 0.
Weak form: mu (grad u, grad v) - (p, div v) - (q, div u) = (f, v), Taylor-Hood P2-P1 on the gmsh
mesh, one MUMPS LU. The p = 0 planes fix the pressure: no null space.

Drag, as in fickle (docs/science.md §4.9): the force on one sphere of the array is F = f L^3 (the
force balance of the cell: the body force on the fluid plus the mean pressure gradient's push on
the sphere's volume, f V_sphere), and K = F / (6 pi mu a U) with U the superficial velocity, the
mean of u_x over the cell, sphere included: U = 8 int_octant u_x dx / L^3. The reported error is
K_measured / K_Hasimoto - 1. Check of the discrete force balance: the traction on the sphere,
8 int_{sphere octant} -(sigma n)_x ds (n out of the fluid, sigma = -p I + mu (grad u + grad u^T)),
plus f V_sphere, against f L^3.

Check of the symmetry reduction: the weak form imposes mu du_x/dx - p = 0 on the x planes; the
symmetry argument says each term is 0 separately. p_rms_x_planes and dudx_rms_x_planes (rms over
those planes, relative to the rms of p over the sphere and of |grad u| on it) must go to 0 under
refinement.

Prints one JSON object on stdout: mesh (h_sphere, h_far, geometry order, cells, vertices), dofs,
timings (mesh_s: gmsh geometry + meshing + the transfer to a DOLFINx mesh; jit_s: forms (FFCx,
cached in ~/.cache/fenics after the first run); assemble_s; solve_s: MUMPS analysis +
factorisation + solve; post_s; process_s: wall seconds since the Python process started), U,
K_measured, K (Hasimoto), relative_error, drag_traction, and the reduction checks.
"""
import json
import math
import sys
import time

import gmsh
import numpy as np
from mpi4py import MPI
from petsc4py import PETSc

import dolfinx
import ufl
from dolfinx import fem, mesh
from dolfinx.fem.petsc import assemble_matrix_block, assemble_vector_block
from dolfinx.io import gmshio
from dolfinx_common import mumps_lu, process_age_s, solve_or_exit, stokes_block_forms

L, A, MU, F = 1.0, 0.2, 1.0, 1.0   # period, sphere radius, viscosity, body force along x
H = 0.5 * L                        # the octant's side
SPHERE_TAG, FLUID_TAG = 1, 1


def hasimoto_K(phi):
    """Hasimoto (1959), simple cubic array: 1/K = 1 - 1.7601 phi^(1/3) + phi - 1.5593 phi^2
    (docs/science.md §4.9; fickle's drag_law)."""
    return 1.0 / (1.0 - 1.7601 * phi ** (1.0 / 3.0) + phi - 1.5593 * phi ** 2)


def build_mesh(h_sphere, h_far, order):
    """The octant [0, H]^3 minus the ball of radius A at the origin (OpenCASCADE), tetrahedra of size
    h_sphere on the sphere growing linearly to h_far at distance 0.3 L from it."""
    gmsh.initialize()
    gmsh.option.setNumber("General.Terminal", 0)
    gmsh.model.add("octant")
    occ = gmsh.model.occ
    box = occ.addBox(0, 0, 0, H, H, H)
    ball = occ.addSphere(0, 0, 0, A)
    fluid, _ = occ.cut([(3, box)], [(3, ball)])
    occ.synchronize()
    vol = fluid[0][1]
    sphere = [s[1] for s in gmsh.model.getBoundary(fluid, oriented=False)
              if gmsh.model.getType(2, s[1]) == "Sphere"]
    gmsh.model.addPhysicalGroup(3, [vol], FLUID_TAG)
    gmsh.model.addPhysicalGroup(2, sphere, SPHERE_TAG)

    fld = gmsh.model.mesh.field
    fld.add("Distance", 1)
    fld.setNumbers(1, "FacesList", sphere)
    fld.add("Threshold", 2)
    fld.setNumber(2, "IField", 1)
    fld.setNumber(2, "LcMin", h_sphere)
    fld.setNumber(2, "LcMax", h_far)
    fld.setNumber(2, "DistMin", 0.0)
    fld.setNumber(2, "DistMax", 0.3 * L)
    fld.setAsBackgroundMesh(2)
    gmsh.option.setNumber("Mesh.MeshSizeExtendFromBoundary", 0)
    gmsh.option.setNumber("Mesh.MeshSizeFromPoints", 0)
    gmsh.option.setNumber("Mesh.MeshSizeFromCurvature", 0)
    gmsh.option.setNumber("Mesh.Algorithm3D", 1)   # Delaunay
    gmsh.model.mesh.generate(3)
    if order > 1:
        gmsh.model.mesh.setOrder(order)   # nodes on the sphere placed on the exact surface
    msh, _, facets = gmshio.model_to_mesh(gmsh.model, MPI.COMM_WORLD, 0, gdim=3)
    gmsh.finalize()
    return msh, facets


def main(h_sphere, h_far, order=2):
    comm = MPI.COMM_WORLD
    if comm.size != 1:
        sys.exit("sphere_dolfinx.py runs serially")

    t0 = time.perf_counter()
    msh, facets = build_mesh(h_sphere, h_far, order)
    mesh_s = time.perf_counter() - t0   # gmsh and the transfer to DOLFINx

    P2 = ufl.VectorElement("Lagrange", msh.ufl_cell(), 2)
    P1 = ufl.FiniteElement("Lagrange", msh.ufl_cell(), 1)
    V, Q = fem.FunctionSpace(msh, P2), fem.FunctionSpace(msh, P1)
    fdim = msh.topology.dim - 1

    def plane(axis, value):
        return mesh.locate_entities_boundary(msh, fdim, lambda x: np.isclose(x[axis], value))

    bcs = []
    for axis in range(3):
        ends = np.hstack([plane(axis, 0.0), plane(axis, H)])
        # x planes: u_y = u_z = 0; y planes: u_y = 0; z planes: u_z = 0 (module docstring)
        fixed = [1, 2] if axis == 0 else [axis]
        for c in fixed:
            Vc = V.sub(c)
            bcs.append(fem.dirichletbc(PETSc.ScalarType(0.0),
                                       fem.locate_dofs_topological(Vc, fdim, ends), Vc))
    sphere_facets = facets.find(SPHERE_TAG)
    bcs.append(fem.dirichletbc(np.zeros(3, dtype=PETSc.ScalarType),
                               fem.locate_dofs_topological(V, fdim, sphere_facets), V))

    t0 = time.perf_counter()
    a, rhs = stokes_block_forms(msh, V, Q, (F, 0.0, 0.0), MU)
    jit_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    Amat = assemble_matrix_block(a, bcs=bcs)
    Amat.assemble()
    b = assemble_vector_block(rhs, a, bcs=bcs)
    assemble_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    x = solve_or_exit(mumps_lu(Amat, "stokes_"), Amat, b)
    solve_s = time.perf_counter() - t0

    # --- drag, mean velocity, checks ------------------------------------------------------------
    t0 = time.perf_counter()
    offset = V.dofmap.index_map.size_local * V.dofmap.index_map_bs
    uh, ph = fem.Function(V), fem.Function(Q)
    uh.x.array[:offset] = x.array_r[:offset]
    ph.x.array[:] = x.array_r[offset:offset + len(ph.x.array)]
    uh.x.scatter_forward()
    ph.x.scatter_forward()

    def integral(expr):
        return comm.allreduce(fem.assemble_scalar(fem.form(expr)), op=MPI.SUM)

    ds = ufl.Measure("ds", domain=msh, subdomain_data=facets)
    n = ufl.FacetNormal(msh)
    one = fem.Constant(msh, PETSc.ScalarType(1.0))
    fluid_octant = integral(one * ufl.dx)
    U = 8.0 * integral(uh[0] * ufl.dx) / L ** 3
    sigma = -ph * ufl.Identity(3) + MU * (ufl.grad(uh) + ufl.grad(uh).T)
    drag_traction = 8.0 * integral(-ufl.dot(sigma, n)[0] * ds(SPHERE_TAG))
    sphere_area = 8.0 * integral(one * ds(SPHERE_TAG))
    div_l2 = math.sqrt(integral(ufl.div(uh) ** 2 * ufl.dx))

    # reduction check: on the x planes p and du_x/dx vanish separately (only mu du_x/dx - p = 0 is
    # imposed); rms over the planes relative to rms of p and |grad u| on the sphere
    xplanes = np.hstack([plane(0, 0.0), plane(0, H)])
    yplanes = np.hstack([plane(1, 0.0), plane(1, H)])
    tags = mesh.meshtags(msh, fdim, *sorted_tags([xplanes, yplanes], [11, 12]))
    dsp = ufl.Measure("ds", domain=msh, subdomain_data=tags)
    area_x = integral(one * dsp(11))
    p_rms_x = math.sqrt(integral(ph ** 2 * dsp(11)) / area_x)
    dudx_rms_x = math.sqrt(integral(uh[0].dx(0) ** 2 * dsp(11)) / area_x)
    area_s = integral(one * ds(SPHERE_TAG))
    p_rms_s = math.sqrt(integral(ph ** 2 * ds(SPHERE_TAG)) / area_s)
    grad_rms_s = math.sqrt(integral(ufl.inner(ufl.grad(uh), ufl.grad(uh)) * ds(SPHERE_TAG)) / area_s)
    # and on the y planes the shear du_x/dy vanishes (natural condition) while u_x does not
    area_y = integral(one * dsp(12))
    dudy_rms_y = math.sqrt(integral(uh[0].dx(1) ** 2 * dsp(12)) / area_y)
    post_s = time.perf_counter() - t0

    phi = 4.0 / 3.0 * math.pi * A ** 3 / L ** 3
    K = hasimoto_K(phi)
    drag = F * L ** 3   # force balance of the cell (module docstring)
    K_measured = drag / (6.0 * math.pi * MU * A * U)
    v_sphere = 4.0 / 3.0 * math.pi * A ** 3
    return {
        "h_sphere": h_sphere,
        "h_far": h_far,
        "geometry_order": order,
        "cells": msh.topology.index_map(msh.topology.dim).size_global,
        "vertices": msh.topology.index_map(0).size_global,
        "elements": "Taylor-Hood P2-P1, tetrahedra (gmsh, OpenCASCADE octant minus sphere)",
        "solver": "MUMPS LU",
        "dofs": Amat.getSize()[0],
        "mesh_s": mesh_s,
        "jit_s": jit_s,
        "assemble_s": assemble_s,
        "solve_s": solve_s,
        "assemble_solve_s": assemble_s + solve_s,
        "post_s": post_s,
        "process_s": process_age_s(),
        "solid_fraction": phi,
        "U": U,
        "drag": drag,
        "K": K,
        "K_measured": K_measured,
        "relative_error": K_measured / K - 1.0,
        "drag_traction": drag_traction + F * v_sphere,
        "drag_traction_relative_error": (drag_traction + F * v_sphere) / drag - 1.0,
        "fluid_volume_error": 8.0 * fluid_octant / (L ** 3 - v_sphere) - 1.0,
        "sphere_area_error": sphere_area / (4.0 * math.pi * A ** 2) - 1.0,
        "div_l2": div_l2,
        "p_rms_x_planes": p_rms_x / p_rms_s,
        "dudx_rms_x_planes": dudx_rms_x / grad_rms_s,
        "dudy_rms_y_planes": dudy_rms_y / grad_rms_s,
        "dolfinx": dolfinx.__version__,
        "gmsh": gmsh.__version__,
    }


def sorted_tags(groups, values):
    """Facet indices and values for mesh.meshtags: sorted, each facet once (first group wins)."""
    idx = np.hstack(groups).astype(np.int32)
    val = np.hstack([np.full(len(g), v, dtype=np.int32) for g, v in zip(groups, values)])
    idx, first = np.unique(idx, return_index=True)
    return idx, val[first]


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    args = [float(sys.argv[1]), float(sys.argv[2])] + ([int(sys.argv[3])] if len(sys.argv) == 4 else [])
    print(json.dumps(main(*args)))
