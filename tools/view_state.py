# ParaView state of one fickle run, written by fickle into the run directory as view.py at the
# end of every run (docs/output.md, "Looking at a run"). It names the run's files relative to
# itself, so it works wherever the run directory is copied:
#   paraview --state RUN/view.py                          ParaView, with the run's picture set up
#   fickle view RUN                                       the same
#   xvfb-run -a -s -noreset pvpython RUN/view.py --png F  a PNG without a display (fickle view
#                                                         RUN --png F does this)
# What it shows depends on the kind: the last snapshot of u (fick, fractional) or of the compared
# densities, coloured over its range (a diverging map centred at 0 when the field has both signs;
# 3D: the middle z slice); the speed of a Stokes flow with streamlines; a particle run's density
# with its particles as points coloured by state, and the grid's outline.
KIND = None  # fickle writes the run's kind here

import json
import os
import sys

from paraview import simple as pv

SEQUENTIAL = "Viridis (matplotlib)"
DIVERGING = "Cool to Warm"


def run_directory():
    # ParaView sets __file__ while it runs a state file; pvpython runs it as a script.
    try:
        return os.path.dirname(os.path.abspath(__file__))
    except NameError:
        return os.getcwd()


def series(run, name):
    path = os.path.join(run, name + ".pvd")
    if not os.path.exists(path):
        return None
    reader = pv.PVDReader(registrationName=name, FileName=path)
    reader.UpdatePipelineInformation()
    return reader


def last_time(reader):
    times = list(reader.TimestepValues or [0.0])
    return times[-1]


def dimension(bounds):
    return sum(1 for a in range(3) if bounds[2 * a + 1] > bounds[2 * a])


def as_plane(source, bounds):
    """2D data as it is; 3D data as the slice through the middle, normal to z."""
    if dimension(bounds) < 3:
        return source
    s = pv.Slice(Input=source)
    s.SliceType = "Plane"
    s.SliceType.Origin = [(bounds[2 * a] + bounds[2 * a + 1]) / 2 for a in range(3)]
    s.SliceType.Normal = [0, 0, 1]
    return s


def colour(view, source, array, title, magnitude=False):
    display = pv.Show(source, view)
    pv.ColorBy(display, ("CELLS", array, "Magnitude") if magnitude else ("CELLS", array))
    source.UpdatePipeline(view.ViewTime)
    info = source.GetCellDataInformation().GetArray(array)
    lo, hi = info.GetRange(-1 if magnitude else 0) if info else (0.0, 1.0)
    lut = pv.GetColorTransferFunction(array)
    signed = lo < 0 < hi and not magnitude
    lut.ApplyPreset(DIVERGING if signed else SEQUENTIAL, True)
    if signed:  # negative values are data, shown in their own colour, centred at 0
        lo, hi = -max(-lo, hi), max(-lo, hi)
    lut.RescaleTransferFunction(lo, hi if hi > lo else lo + 1.0)
    lut.AutomaticRescaleRangeMode = "Never"
    display.SetScalarBarVisibility(view, True)
    bar = pv.GetScalarBar(lut, view)
    bar.Title = title
    bar.ComponentTitle = ""
    # Beside the data, not over it, with text that fits a 1200×800 picture.
    bar.WindowLocation = "Any Location"
    bar.Position = [0.8, 0.12]
    bar.RangeLabelFormat = "%-#.2g"
    bar.ScalarBarLength = 0.6
    bar.TitleFontSize = 9
    bar.LabelFontSize = 8
    return display


def streamlines(view, source, bounds):
    """Streamlines of the flow, seeded on a line along y through the centre: it crosses a flow
    along x and a cavity's main eddy."""
    points = pv.CellDatatoPointData(Input=source)
    tracer = pv.StreamTracer(Input=points, SeedType="Line")
    tracer.Vectors = ["POINTS", "velocity"]
    centre = [(bounds[2 * a] + bounds[2 * a + 1]) / 2 for a in range(3)]
    tracer.SeedType.Point1 = [centre[0], bounds[2] + 0.01 * (bounds[3] - bounds[2]), centre[2]]
    tracer.SeedType.Point2 = [centre[0], bounds[3] - 0.01 * (bounds[3] - bounds[2]), centre[2]]
    tracer.SeedType.Resolution = 30
    tracer.MaximumStreamlineLength = 4 * max(bounds[1] - bounds[0], bounds[3] - bounds[2])
    if dimension(bounds) == 3:
        tracer.SurfaceStreamlines = 1
    display = pv.Show(tracer, view)
    display.ColorArrayName = ["POINTS", ""]
    display.AmbientColor = display.DiffuseColor = [0.95, 0.95, 0.95]
    display.LineWidth = 1.5


def particles(view, run):
    """The particle sample as points coloured by state (0 alive, 1 absorbed, 2 left the grid),
    and the grid's outline (points that left are drawn inside a box 3 times the grid's)."""
    reader = series(run, "particles")
    if reader is not None:
        display = pv.Show(reader, view)
        display.Representation = "Points"
        display.PointSize = 3
        pv.ColorBy(display, ("POINTS", "state"))
        lut = pv.GetColorTransferFunction("state")
        lut.ApplyPreset("Rainbow Uniform", True)
        lut.RescaleTransferFunction(0.0, 2.0)
        lut.AutomaticRescaleRangeMode = "Never"
    outline = os.path.join(run, "outline.vtp")
    if os.path.exists(outline):
        box = pv.XMLPolyDataReader(registrationName="outline", FileName=[outline])
        display = pv.Show(box, view)
        display.ColorArrayName = ["POINTS", ""]
        display.AmbientColor = display.DiffuseColor = [0.2, 0.2, 0.2]


def field_of(kind):
    """The series and the array to colour by, and its title."""
    return {"fick": ("u", "u"), "fractional": ("u", "u"), "particles": ("density", "density"),
            "compare": ("compare", "pde_density"), "stokes": ("flow", "velocity")}.get(kind)


def build(run, kind):
    chosen = field_of(kind)
    if chosen is None:
        raise SystemExit(f"view.py: a {kind} run has no VTK data to show (see its plots/)")
    name, array = chosen
    reader = series(run, name)
    if reader is None:
        raise SystemExit(f"view.py: {os.path.join(run, name + '.pvd')} is missing")
    view = pv.GetActiveViewOrCreate("RenderView")
    scene = pv.GetAnimationScene()
    scene.UpdateAnimationUsingDataTimeSteps()
    scene.AnimationTime = last_time(reader)
    view.ViewTime = last_time(reader)
    reader.UpdatePipeline(view.ViewTime)
    bounds = reader.GetDataInformation().GetBounds()
    plane = as_plane(reader, bounds)
    units = units_of(run)
    label = "speed" if kind == "stokes" else array
    unit = units.get("velocity" if kind == "stokes" else array.split("_")[-1], "")
    colour(view, plane, array, label + (f" [{unit}]" if unit else ""), magnitude=kind == "stokes")
    if kind == "stokes":
        streamlines(view, plane, bounds)
    if kind == "particles":
        particles(view, run)
    view.OrientationAxesVisibility = 0
    view.InteractionMode = "2D" if dimension(bounds) < 3 else "3D"
    view.ResetCamera(bounds)  # the grid, not the farthest particle
    title = pv.Text(registrationName="title")
    title.Text = title_of(run, kind)
    shown = pv.Show(title, view)
    shown.WindowLocation = "Upper Center"
    shown.FontSize = 9
    return view


def summary(run):
    try:
        with open(os.path.join(run, "summary.json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def title_of(run, kind):
    s = summary(run)
    text = s.get("title") or os.path.basename(os.path.abspath(run))
    return f"{text}  ({kind}, t = {s['t_end']:g})" if "t_end" in s else f"{text}  ({kind})"


def units_of(run):
    """The units the case gave (`units:`), from resolved.yaml without a YAML module."""
    units, inside = {}, False
    try:
        with open(os.path.join(run, "resolved.yaml")) as f:
            for line in f:
                if not line.startswith(" "):
                    inside = line.startswith("units:")
                elif inside and ":" in line:
                    key, value = line.strip().split(":", 1)
                    if value.strip().strip("'\""):
                        units[key] = value.strip().strip("'\"")
    except OSError:
        pass
    return units


def main():
    run = run_directory()
    kind = KIND or summary(run).get("kind", "")
    view = build(run, kind)
    if "--png" in sys.argv:
        out = sys.argv[sys.argv.index("--png") + 1]
        pv.SaveScreenshot(out, view, ImageResolution=[1200, 800], TransparentBackground=0)
        print(f"view.py: wrote {out}")
    else:
        pv.Render(view)


main()
