"""Reads one VTK file fickle wrote (.pvtr, .vtr, .pvtp, .vtp or VTKHDF .hdf) through VTK's own
reader (python3-vtk9, in a process of its own: VTK's HDF5 reader links the serial HDF5, fickle the
MPI one) and prints as JSON what a test checks: the field data (TimeValue, Title, unit_*), the
active scalars and vectors, the bounds and the whole-number point arrays.

Usage: read_vtk_metadata.py FILE"""
import json
import sys

import vtk
from vtk.util.numpy_support import vtk_to_numpy

READERS = {
    ".pvtr": vtk.vtkXMLPRectilinearGridReader,
    ".vtr": vtk.vtkXMLRectilinearGridReader,
    ".pvtp": vtk.vtkXMLPPolyDataReader,
    ".vtp": vtk.vtkXMLPolyDataReader,
    ".hdf": vtk.vtkHDFReader,
}

path = sys.argv[1]
reader = READERS[path[path.rfind("."):]]()
reader.SetFileName(path)
reader.Update()
data = reader.GetOutput()

field = {}
fd = data.GetFieldData()
for i in range(fd.GetNumberOfArrays()):
    array = fd.GetAbstractArray(i)
    if isinstance(array, vtk.vtkStringArray):
        field[array.GetName()] = array.GetValue(0)
    elif array.GetDataTypeAsString() in ("char", "signed char", "unsigned char"):
        # VTKHDF strings come back as characters.
        field[array.GetName()] = bytes(vtk_to_numpy(array).tolist()).rstrip(b"\0").decode()
    else:
        field[array.GetName()] = float(array.GetTuple1(0))

out = {"type": type(data).__name__, "field": field, "bounds": list(data.GetBounds())}
for name, attributes in (("cell", data.GetCellData()), ("point", data.GetPointData())):
    scalars, vectors = attributes.GetScalars(), attributes.GetVectors()
    out[name + "_scalars"] = scalars.GetName() if scalars else None
    out[name + "_vectors"] = vectors.GetName() if vectors else None
    arrays = {}
    for i in range(attributes.GetNumberOfArrays()):
        array = attributes.GetArray(i)
        if array.GetNumberOfComponents() == 1 and array.GetDataTypeAsString() in (
                "long", "long long", "int", "vtkIdType", "idtype"):
            arrays[array.GetName()] = vtk_to_numpy(array).astype(int).tolist()
        elif array.GetNumberOfComponents() == 3:
            arrays[array.GetName()] = vtk_to_numpy(array).tolist()
    out[name + "_arrays"] = arrays
print(json.dumps(out))
