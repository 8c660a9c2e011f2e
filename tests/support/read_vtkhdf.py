"""Reads fickle's VTKHDF output back through VTK (python3-vtk9's vtkHDFReader, in a process of
its own: VTK's reader links the serial HDF5, fickle the MPI one) and, when pvpython is there,
through ParaView 5.11, and prints what a test checks as JSON.

Usage: read_vtkhdf.py FIELD_FILE ARRAY POINTS_FILE [SERIES]"""
import json
import subprocess
import sys

import vtk
from vtk.util.numpy_support import vtk_to_numpy


def read(path, name):
    reader = vtk.vtkHDFReader()
    reader.SetFileName(path)
    reader.Update()
    data = reader.GetOutput()
    array = data.GetPointData().GetArray(name) if data else None
    return data, (vtk_to_numpy(array).tolist() if array is not None else None)


field, name, points = sys.argv[1], sys.argv[2], sys.argv[3]
image, values = read(field, name)
cloud, ids = read(points, "id")
out = {
    "image_type": type(image).__name__,
    "image_points": image.GetNumberOfPoints(),
    "bounds": list(image.GetBounds()),
    "values": values,
    "points_type": type(cloud).__name__,
    "points": cloud.GetNumberOfPoints(),
    "vertices": cloud.GetNumberOfCells(),
    "ids": ids,
}
if len(sys.argv) > 4:
    script = ("from paraview.simple import *\n"
              f"r = OpenDataFile({sys.argv[4]!r})\n"
              "print(list(r.TimestepValues))\n")
    try:
        done = subprocess.run(["pvpython", "-c", script], capture_output=True, text=True,
                              timeout=120)
        out["paraview_times"] = json.loads(done.stdout.strip().splitlines()[-1])
    except (OSError, subprocess.SubprocessError, ValueError, IndexError):
        out["paraview_times"] = None  # no pvpython here
print(json.dumps(out))
