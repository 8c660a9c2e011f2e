"""What the DOLFINx peers of fickle's `stokes` kind share (bench/stokes/cavity_dolfinx.py,
bench/stokes/sphere_dolfinx.py): process age, the Taylor-Hood block forms, MUMPS LU. DOLFINx 0.5."""
import os
import sys

import ufl
from dolfinx import fem
from petsc4py import PETSc


def process_age_s():
    """Wall seconds since this process started (field 22 of /proc/self/stat, in clock ticks)."""
    with open("/proc/self/stat") as f:
        start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/uptime") as f:
        uptime = float(f.read().split()[0])
    return uptime - start_ticks / os.sysconf("SC_CLK_TCK")


def stokes_block_forms(msh, V, Q, force, viscosity=1.0):
    """The block system [[mu (grad u, grad v), -(p, div v)], [-(q, div u), 0]] = [(f, v), 0] (the
    Laplacian form: its natural boundary condition is mu du/dn - p n = 0)."""
    u, p = ufl.TrialFunction(V), ufl.TrialFunction(Q)
    v, q = ufl.TestFunction(V), ufl.TestFunction(Q)
    f = fem.Constant(msh, PETSc.ScalarType(force))
    mu = fem.Constant(msh, PETSc.ScalarType(viscosity))
    zero_q = fem.Constant(msh, PETSc.ScalarType(0.0))
    a = fem.form([[mu * ufl.inner(ufl.grad(u), ufl.grad(v)) * ufl.dx, -ufl.inner(p, ufl.div(v)) * ufl.dx],
                  [-ufl.inner(ufl.div(u), q) * ufl.dx, None]])
    L = fem.form([ufl.inner(f, v) * ufl.dx, ufl.inner(zero_q, q) * ufl.dx])
    return a, L


def mumps_lu(A, prefix):
    """A KSP that applies one MUMPS LU factorisation of A."""
    ksp = PETSc.KSP().create(A.getComm())
    ksp.setOptionsPrefix(prefix)
    ksp.setOperators(A)
    ksp.setType("preonly")
    pc = ksp.getPC()
    pc.setType("lu")
    pc.setFactorSolverType("mumps")
    return ksp


def solve_or_exit(ksp, A, b):
    """x with A x = b by ksp (set up here), or exit with the KSP's reason."""
    ksp.setUp()
    x = A.createVecRight()
    ksp.solve(b, x)
    if ksp.getConvergedReason() <= 0:
        sys.exit(f"Stokes solve failed, KSP reason {ksp.getConvergedReason()}")
    return x
