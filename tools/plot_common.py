"""What every plot script shares: the run's title and units (resolved.yaml), titles that fit, axis
labels with units, and the snapshots of a series in either output format (VTK XML .pvd or VTKHDF
.hdf.series). Imported by tools/plot_*.py (they run as /usr/bin/python3 tools/plot_X.py RUN_DIR, so
this directory is on sys.path)."""
import json
import textwrap
import xml.etree.ElementTree as ET

import numpy as np
import yaml
from vtkmodules.util.numpy_support import vtk_to_numpy


class RunInfo:
    """title and units of a finished run."""

    def __init__(self, run):
        resolved = {}
        try:
            resolved = yaml.safe_load((run / "resolved.yaml").read_text()) or {}
        except (OSError, yaml.YAMLError):
            pass
        self.title = str(resolved.get("title") or run.name)
        self.units = {k: str(v) for k, v in (resolved.get("units") or {}).items() if v}

    def label(self, name, quantity):
        """"x [m]", or "x" when the case gives no unit for the quantity."""
        unit = self.units.get(quantity)
        return f"{name} [{unit}]" if unit else name

    def squared(self, name, quantity):
        unit = self.units.get(quantity)
        return f"{name} [{unit}²]" if unit else name


def fitted(text, width=52):
    """A title wrapped onto lines of at most `width` characters, so that none is cut off."""
    return "\n".join(textwrap.wrap(text, width)) or text


def snapshots(run, name):
    """(time, path) of every snapshot of series `name`: NAME.pvd or NAME.hdf.series."""
    pvd = run / f"{name}.pvd"
    if pvd.exists():
        root = ET.parse(pvd).getroot()
        return [(float(d.get("timestep")), run / d.get("file")) for d in root.iter("DataSet")]
    listing = json.loads((run / f"{name}.hdf.series").read_text())
    return [(float(f["time"]), run / f["name"]) for f in listing["files"]]


def cell_array(path, name):
    """(values as [z][y][x], cell-face coordinates x, y, z) of a cell field of one snapshot."""
    if path.suffix == ".hdf":  # ImageData whose points are the cell centres (meshes/vtkhdf.hpp)
        from vtkmodules.vtkIOHDF import vtkHDFReader
        reader = vtkHDFReader()
        reader.SetFileName(str(path))
        reader.Update()
        image = reader.GetOutput()
        nx, ny, nz = image.GetDimensions()
        values = vtk_to_numpy(image.GetPointData().GetArray(name)).reshape(nz, ny, nx)
        origin, spacing = image.GetOrigin(), image.GetSpacing()
        faces = [origin[a] - spacing[a] / 2 + spacing[a] * np.arange(n + 1)
                 for a, n in enumerate((nx, ny, nz))]
        return values, faces[0], faces[1], faces[2]
    from vtkmodules.vtkIOXML import vtkXMLPRectilinearGridReader
    reader = vtkXMLPRectilinearGridReader()
    reader.SetFileName(str(path))
    reader.Update()
    grid = reader.GetOutput()
    nx, ny, nz = (max(n - 1, 1) for n in grid.GetDimensions())
    array = grid.GetCellData().GetArray(name)
    values = vtk_to_numpy(array).reshape(nz, ny, nx) if array is not None else None
    return (values, vtk_to_numpy(grid.GetXCoordinates()), vtk_to_numpy(grid.GetYCoordinates()),
            vtk_to_numpy(grid.GetZCoordinates()))


def diverging_or_not(values):
    """Colour map and range: a diverging map centred on 0 when values are negative too (nothing
    is clipped), else viridis from the smallest to the largest value."""
    lo, hi = float(np.nanmin(values)), float(np.nanmax(values))
    if lo < 0 < hi or hi <= 0:
        m = max(abs(lo), abs(hi)) or 1.0
        return "RdBu_r", -m, m
    return "viridis", lo, hi if hi > lo else lo + 1
