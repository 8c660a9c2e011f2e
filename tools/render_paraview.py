"""Pictures of a fickle run's VTK series with ParaView, headless (no window, no GUI).

Usage: xvfb-run -a -s "-noreset" pvpython tools/render_paraview.py RUN_DIR [options]
(-noreset: otherwise Xvfb resets when ParaView closes its first, probing connection, and the next
connection can be dropped: "bad X server connection ... Aborting", about one run in three.)

Opens a field series of RUN_DIR (flow.pvd, compare.pvd, u.pvd or density.pvd: the first present,
or --series) and renders one snapshot (the last, or the one nearest --time) to RUN_DIR/plots/
FIELD.png: 2D fields seen down z, 3D fields as a slice through the centre, 1D fields as a line plot.
A 3-component `velocity` (Stokes runs) is shown as the speed with white streamlines on top;
--particles overlays a particle series (particles.pvd) as small discs.

Options:
  --series NAME       u, density, flow, compare, or a path to a .pvd file (default: the first of
                      flow, compare, u, density in RUN_DIR)
  --field A[,B...]    cell arrays to show, one PNG each; `all` for every array (default:
                      `velocity` when present, otherwise the first array of the file)
  --time T            the snapshot nearest to T (default: the last)
  --particles [PVD]   overlay particles: RUN_DIR/particles.pvd, or the .pvd given
  --out NAME.png      output name (in RUN_DIR/plots/ unless it holds a '/'); one field only
  --size W H          image size in pixels (default 1200 800)
  --colormap NAME     a ParaView preset (default: Viridis, or Cool to Warm for signed fields)
  --range MIN MAX     colour range (default: the data's; symmetric about 0 for signed fields)
  --common-range      one colour range for all the fields of this call, to compare them
  --log               logarithmic colour scale (for densities with long tails)
  --slice x|y|z       normal of the 3D slice, and the direction of view (default z)
  --no-streamlines    no streamlines over a velocity field
  --title TEXT        first title line (default: `title` of RUN_DIR/summary.json)

Exit codes: 0 done, 2 bad input (missing directory, series, field: a message says which), 1 a
series without cells (missing pieces) or a ParaView failure.
Needs ParaView's Python (pvpython) and an X display (xvfb-run gives one): tools/setup.sh.
"""
import argparse
import json
import math
import sys
from pathlib import Path

pv = None  # paraview.simple, imported in main() once the arguments are known to be good

SERIES_ORDER = ("flow", "compare", "u", "density")
# Arrays that are differences or rotations: their sign matters, so the colour map is diverging and
# centred at 0 whatever the data's range.
SIGNED_FIELDS = {"difference", "error", "vorticity", "divergence"}
SEQUENTIAL_MAP = "Viridis (matplotlib)"
DIVERGING_MAP = "Cool to Warm"
TEXT_COLOR = [0.1, 0.1, 0.1]
STREAMLINE_COLOR = [0.95, 0.95, 0.95]  # on Viridis; dark grey on a diverging map's white middle
STREAMLINE_COLOR_ON_LIGHT = [0.25, 0.25, 0.25]
PARTICLE_COLOR = [1.0, 0.35, 0.25]
OBSTACLE_COLOR = [0.6, 0.6, 0.6]


def fail(message, code=2):
    print(f"render_paraview.py: {message}", file=sys.stderr)
    sys.exit(code)


def parse_args(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        sys.exit(0 if argv else 2)
    p = argparse.ArgumentParser(prog="render_paraview.py", add_help=False,
                                usage="xvfb-run -a -s -noreset pvpython tools/render_paraview.py "
                                      "RUN_DIR [options]   (--help: all options)")
    p.add_argument("run_dir")
    p.add_argument("--series")
    p.add_argument("--field")
    p.add_argument("--time", type=float)
    p.add_argument("--particles", nargs="?", const="")
    p.add_argument("--out")
    p.add_argument("--size", nargs=2, type=int, default=[1200, 800], metavar=("W", "H"))
    p.add_argument("--colormap")
    p.add_argument("--range", nargs=2, type=float, metavar=("MIN", "MAX"))
    p.add_argument("--common-range", action="store_true")
    p.add_argument("--log", action="store_true")
    p.add_argument("--slice", choices="xyz", default="z")
    p.add_argument("--no-streamlines", action="store_true")
    p.add_argument("--title")
    args = p.parse_args(argv)
    if min(args.size) < 16:
        fail(f"--size {args.size[0]} {args.size[1]} is too small")
    return args


# ---- inputs, checked before ParaView is imported, so that mistakes fail fast and clearly ----

def find_series(run, name):
    if name is None:
        for stem in SERIES_ORDER:
            if (run / f"{stem}.pvd").is_file():
                return run / f"{stem}.pvd"
        fail(f"no series in {run}: none of {', '.join(s + '.pvd' for s in SERIES_ORDER)}")
    path = Path(name) if name.endswith(".pvd") else run / f"{name}.pvd"
    if not path.is_file():
        fail(f"no series {path}")
    return path


def find_particles(run, arg):
    if arg is None:
        return None
    path = Path(arg) if arg else run / "particles.pvd"
    if not path.is_file():
        fail(f"no particle series {path}")
    return path


def output_path(run, out, field):
    """--out NAME goes to RUN_DIR/plots/ like the default FIELD.png; a path is taken as given."""
    name = out or f"{field}.png"
    if not name.endswith(".png"):
        name += ".png"
    path = Path(name) if "/" in name else run / "plots" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def run_title(run, override):
    if override is not None:
        return override
    try:
        return json.loads((run / "summary.json").read_text()).get("title", "")
    except (OSError, ValueError):
        return ""


# ---- ParaView pipeline ----

def open_series(pvd):
    reader = pv.PVDReader(FileName=str(pvd))
    times = list(reader.TimestepValues) if reader.TimestepValues else [0.0]
    return reader, sorted(float(t) for t in times)


def nearest_time(times, wanted):
    if wanted is None:
        return times[-1]
    return min(times, key=lambda t: abs(t - wanted))


def array_list(reader):
    """The cell arrays as (name, components), in the order of the file (CellData is sorted)."""
    comps = {a.GetName(): a.GetNumberOfComponents() for a in reader.CellData}
    return [(n, comps[n]) for n in reader.CellArrays if n in comps]


def choose_fields(arrays, wanted):
    names = [n for n, _ in arrays]
    if not names:
        fail("the series has no cell arrays", 1)
    if wanted is None:
        return ["velocity"] if "velocity" in names else names[:1]
    if wanted == "all":
        return names
    fields = [f for f in wanted.split(",") if f]
    for f in fields:
        if f not in names:
            fail(f"no array {f!r} in the series; it has {', '.join(names)}")
    return fields


def grid_dimension(bounds):
    """fickle's unused axes are the trailing ones, with the single coordinate 0."""
    return sum(1 for a in range(3) if bounds[2 * a + 1] > bounds[2 * a])


def data_range(source, field, components):
    info = source.GetCellDataInformation().GetArray(field)
    return info.GetRange(-1 if components > 1 else 0)


def color_range(args, field, lo, hi):
    """(lo, hi, signed): the data's range, made symmetric about 0 for signed fields so that the
    diverging map's white is zero."""
    if args.range:
        lo, hi = args.range
        return lo, hi, lo < 0 < hi
    if field in SIGNED_FIELDS or (lo < 0 < hi and min(-lo, hi) > 0.05 * max(-lo, hi)):
        m = max(abs(lo), abs(hi)) or 1.0
        return -m, m, True
    if args.log:
        hi = hi if hi > 0 else 1.0
        return max(lo, hi * 1e-4), hi, False
    if 0 <= lo < 0.01 * hi or -1e-6 * hi < lo < 0:
        lo = 0.0  # a speed or a density: 0 reads better than 6.59e-18 at the foot of the bar
    return (lo, hi, False) if hi > lo else (lo - 0.5, hi + 0.5, False)


def make_render_view(size):
    view = pv.CreateView("RenderView")
    view.ViewSize = list(size)
    view.OrientationAxesVisibility = 0
    # A white page with dark text prints and reads better than ParaView's default blue-grey.
    if hasattr(view, "UseColorPaletteForBackground"):
        view.UseColorPaletteForBackground = 0
    view.Background = [1.0, 1.0, 1.0]
    view.CameraParallelProjection = 1
    return view


def colour_by(view, source, field, components, args, font):
    display = pv.Show(source, view)
    display.Representation = "Surface"
    display.Ambient, display.Diffuse = 1.0, 0.0  # unlit: the colours are exactly the map's
    if components > 1:
        pv.ColorBy(display, ("CELLS", field, "Magnitude"))
    else:
        pv.ColorBy(display, ("CELLS", field))
    lut = pv.GetColorTransferFunction(field)
    lo, hi, signed = color_range(args, field, *(args.shared_range or
                                                data_range(source, field, components)))
    lut.ApplyPreset(args.colormap or (DIVERGING_MAP if signed else SEQUENTIAL_MAP), True)
    lut.AutomaticRescaleRangeMode = "Never"
    lut.RescaleTransferFunction(lo, hi)
    lut.UseLogScale = 1 if args.log else 0  # after the rescale: a range from 0 has no log
    if components > 1:
        lut.VectorMode = "Magnitude"
    # The bar prints both ends itself; a tick right next to one would overprint it.
    ticks = [t for t in nice_ticks(lo, hi) if min(t - lo, hi - t) > 0.04 * (hi - lo)]
    scalar_bar(view, lut, field, components, font, None if args.log else ticks)
    return signed


def scalar_bar(view, lut, field, components, font, ticks):
    bar = pv.GetScalarBar(lut, view)
    if ticks:  # ParaView's own ticks crowd on a long bar: 0.1, 0.105, 0.11, ...
        bar.UseCustomLabels = 1
        bar.CustomLabels = ticks
        bar.AddRangeLabels = 1
    bar.Title = field
    bar.ComponentTitle = "magnitude" if components > 1 else ""
    bar.WindowLocation = "Any Location"
    bar.Orientation = "Vertical"
    bar.Position = [0.86, 0.12]
    bar.ScalarBarLength = 0.72
    bar.ScalarBarThickness = int(20 * font)
    bar.TitleFontSize = int(22 * font)
    bar.LabelFontSize = int(17 * font)
    bar.TitleColor = TEXT_COLOR
    bar.LabelColor = TEXT_COLOR
    bar.TitleBold = 1
    bar.AutomaticLabelFormat = 1
    bar.RangeLabelFormat = "%-#.3g"
    bar.Visibility = 1


def nice_ticks(lo, hi, count=8):
    """About `count` round values (steps of 1, 2, 2.5 or 5 times a power of 10) in [lo, hi]."""
    span = hi - lo
    if not span > 0:
        return [lo]
    raw = span / count
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.ceil(lo / step - 1e-9) * step
    n = int(math.floor((hi - first) / step + 1e-9)) + 1
    return [round(first + i * step, 12) for i in range(n)]


def add_title(view, text, font):
    source = pv.Text(Text=text)
    display = pv.Show(source, view)
    display.WindowLocation = "Upper Center"
    display.FontSize = int(22 * font)
    display.Color = TEXT_COLOR
    display.Justification = "Center"


def centre_slice(reader, bounds, axis):
    """3D: the plane through the box centre, normal to `axis`; its cells keep the cell data."""
    s = pv.Slice(Input=reader)
    s.SliceType = "Plane"
    s.SliceType.Origin = box_centre(bounds)
    s.SliceType.Normal = [1.0 if a == axis else 0.0 for a in range(3)]
    if hasattr(s, "Triangulatetheslice"):
        s.Triangulatetheslice = 0  # keep the cells square, as the grid's
    return s


def box_centre(bounds):
    return [0.5 * (bounds[2 * a] + bounds[2 * a + 1]) for a in range(3)]


def toward_camera(bounds, axis):
    """An offset that lifts overlays off the coloured plane, so they are not hidden in it."""
    diag = math.dist(bounds[0::2], bounds[1::2]) or 1.0
    return [1e-3 * diag if a == axis else 0.0 for a in range(3)]


def add_streamlines(view, source, bounds, axis, dim, field, colour, font):
    """Streamlines of `field` in a solid colour, seeded on a line through the centre across the main flow.

    A line across the dominant velocity component meets every streamline of a through-flow, and
    (vertical, through the centre) every closed streamline of a lid-driven cavity's main eddy.
    """
    points = pv.CellDatatoPointData(Input=source)
    points.UpdatePipeline()
    in_plane = [a for a in range(3) if a != axis][:2]
    largest = [largest_component(points, field, a) for a in in_plane]
    along = in_plane[0] if largest[0] >= largest[1] else in_plane[1]  # the main flow direction
    across = in_plane[1] if along == in_plane[0] else in_plane[0]
    centre = box_centre(bounds)
    p1, p2 = list(centre), list(centre)
    width = bounds[2 * across + 1] - bounds[2 * across]
    p1[across] = bounds[2 * across] + 0.02 * width
    p2[across] = bounds[2 * across + 1] - 0.02 * width

    tracer = pv.StreamTracer(Input=points, SeedType="Line")
    tracer.Vectors = ["POINTS", field]
    tracer.SeedType.Point1 = p1
    tracer.SeedType.Point2 = p2
    tracer.SeedType.Resolution = 24
    tracer.IntegrationDirection = "BOTH"
    tracer.MaximumSteps = 4000
    tracer.MaximumStreamlineLength = 4 * (math.dist(bounds[0::2], bounds[1::2]) or 1.0)
    if dim == 3:
        tracer.SurfaceStreamlines = 1  # stay on the slice: trace the in-plane part of velocity
    display = pv.Show(tracer, view)
    display.ColorArrayName = ["POINTS", ""]  # a solid colour
    display.AmbientColor = display.DiffuseColor = colour
    display.LineWidth = max(1.0, 1.8 * font)
    display.Position = toward_camera(bounds, axis)


def add_obstacles(view, source, bounds, axis):
    """Cells inside bodies (obstacle >= 1) in grey, as tools/plot_stokes.py draws them: their
    speed is 0 and would otherwise read as a region of still fluid."""
    lo, hi = data_range(source, "obstacle", 1)
    if hi < 0.5:
        return
    bodies = pv.Threshold(Input=source, Scalars=["CELLS", "obstacle"])
    if hasattr(bodies, "LowerThreshold"):
        bodies.LowerThreshold, bodies.UpperThreshold = 0.5, max(hi, 1.0)
    else:  # ParaView < 5.10
        bodies.ThresholdRange = [0.5, max(hi, 1.0)]
    display = pv.Show(bodies, view)
    display.ColorArrayName = ["POINTS", ""]  # a solid colour
    display.Ambient, display.Diffuse = 1.0, 0.0
    display.AmbientColor = display.DiffuseColor = OBSTACLE_COLOR
    display.Position = toward_camera(bounds, axis)


def largest_component(source, field, component):
    info = source.GetPointDataInformation().GetArray(field)
    lo, hi = info.GetRange(component)
    return max(abs(lo), abs(hi))


def add_particles(view, pvd, time, bounds, axis, font):
    """The particle sample as small discs; the snapshot nearest to the field's time. Returns the
    number drawn and the number in the snapshot."""
    reader, times = open_series(pvd)
    at = nearest_time(times, time)
    if abs(at - time) > 1e-9 * max(1.0, abs(time)):
        print(f"render_paraview.py: particles at t = {at:g} (nearest to {time:g})")
    fixed = pv.ForceTime(Input=reader)  # pins this series to `at` whatever the view's time is
    fixed.IgnorePipelineTime = 1
    fixed.ForcedTime = at
    fixed.UpdatePipeline(at)
    total = fixed.GetDataInformation().GetNumberOfPoints()
    # Particles that left through open faces lie outside the grid: drawn, they would stray into the
    # margins and the title. Keep those inside the box (padded, since 2D runs have z = 0 exactly).
    inside = pv.Clip(Input=fixed, ClipType="Box", Exact=1, Invert=1)
    pad = 1e-6 * (math.dist(bounds[0::2], bounds[1::2]) or 1.0)
    inside.ClipType.Position = [bounds[2 * a] - pad for a in range(3)]
    inside.ClipType.Length = [bounds[2 * a + 1] - bounds[2 * a] + 2 * pad for a in range(3)]
    if hasattr(inside, "Crinkleclip"):
        inside.Crinkleclip = 0
    inside.UpdatePipeline(at)
    shown = inside.GetDataInformation().GetNumberOfPoints()
    display = pv.Show(inside, view)
    display.ColorArrayName = ["POINTS", ""]  # a solid colour
    # Flat discs: "Points" drawn as spheres lose half the cloud behind the plane under a
    # parallel projection (a depth bug of the sphere impostors); Point Gaussian discs do not.
    display.Representation = "Point Gaussian"
    display.ShaderPreset = "Plain circle"
    display.GaussianRadius = 0.003 * font * max(bounds[1] - bounds[0], bounds[3] - bounds[2],
                                                 bounds[5] - bounds[4])
    display.AmbientColor = PARTICLE_COLOR
    display.DiffuseColor = PARTICLE_COLOR
    display.Opacity = 0.8
    display.Position = [2 * x for x in toward_camera(bounds, axis)]
    return shown, total


def place_camera(view, bounds, axis, size):
    """Look along `axis` (parallel projection) with the box in the left part of the image: the
    scalar bar takes the right, the title the top."""
    right, up = {0: (1, 2), 1: (0, 2), 2: (0, 1)}[axis]
    width = bounds[2 * right + 1] - bounds[2 * right]
    height = bounds[2 * up + 1] - bounds[2 * up]
    aspect = size[0] / size[1]
    box_w, box_h = 0.81, 0.84  # fractions of the image the box may fill
    box_x, box_y = 0.025 + box_w / 2, 0.03 + box_h / 2  # where its centre goes (0.5 = middle)
    scale = max(height / (2 * box_h), width / (2 * aspect * box_w)) or 1.0  # half the view height
    focal = box_centre(bounds)
    focal[right] += (0.5 - box_x) * 2 * scale * aspect
    focal[up] += (0.5 - box_y) * 2 * scale
    position = list(focal)
    position[axis] += 10 * (max(width, height) or 1.0)
    view.CameraFocalPoint = focal
    view.CameraPosition = position
    view.CameraViewUp = [1.0 if a == up else 0.0 for a in range(3)]
    view.CameraParallelScale = scale


def render_plane(args, reader, arrays, field, time, dim, bounds, particles, out, title, font):
    """2D and 3D: the coloured grid (or centre slice) seen along the view axis, with overlays."""
    view = make_render_view(args.size)
    view.ViewTime = time
    axis = 2 if dim < 3 else "xyz".index(args.slice)
    source = reader if dim < 3 else centre_slice(reader, bounds, axis)
    source.UpdatePipeline(time)
    components = dict(arrays)[field]
    signed = colour_by(view, source, field, components, args, font)
    if "obstacle" in dict(arrays):
        add_obstacles(view, source, bounds, axis)
    velocity = dict(arrays).get("velocity") == 3
    if velocity and not args.no_streamlines:
        colour = STREAMLINE_COLOR_ON_LIGHT if signed else STREAMLINE_COLOR
        add_streamlines(view, source, bounds, axis, dim, "velocity", colour, font)
    if particles:
        shown, total = add_particles(view, particles, time, bounds, axis, font)
        outside = f", {total - shown} outside" if total > shown else ""
        title += f"   ({shown} particles{outside})"
    add_title(view, title, font)
    pv.Render(view)  # the first render resets the camera: place it afterwards
    place_camera(view, bounds, axis, args.size)
    save(view, out, args.size)


def render_line(args, reader, arrays, field, time, out, title, font):
    """1D: a colour strip says little, so the field is drawn as a curve over x."""
    centres = pv.CellCenters(Input=reader)
    centres.VertexCells = 1
    centres.UpdatePipeline(time)
    view = pv.CreateView("XYChartView")
    # Charts lay out large tick labels badly (clipped, drawn twice): draw the chart at half size
    # with ParaView's own label sizes and let the screenshot scale everything up.
    view.ViewSize = [max(8, args.size[0] // 2), max(8, args.size[1] // 2)]
    view.ViewTime = time
    components = dict(arrays)[field]
    series = f"{field}_Magnitude" if components > 1 else field
    display = pv.Show(centres, view)
    display.UseIndexForXAxis = 0
    display.XArrayName = "Points_X"
    display.SeriesVisibility = [series]
    display.SeriesColor = [series, "0.27", "0.0", "0.33"]  # viridis' dark end
    display.SeriesLineThickness = [series, "2"]
    view.ChartTitle = title
    view.ChartTitleFontSize = int(12 * font)
    view.LeftAxisTitle = field
    view.BottomAxisTitle = "x"
    view.LeftAxisTitleFontSize = view.BottomAxisTitleFontSize = int(12 * font)
    view.ShowLegend = 0
    if args.range or args.shared_range:
        view.LeftAxisUseCustomRange = 1
        view.LeftAxisRangeMinimum, view.LeftAxisRangeMaximum = args.range or args.shared_range
    view.LeftAxisLogScale = 1 if args.log else 0
    save(view, out, args.size)


def save(view, out, size):
    pv.SaveScreenshot(str(out), view, ImageResolution=list(size), TransparentBackground=0)
    # A view left alive until the interpreter exits crashes pvpython's shutdown (segfault or
    # GLXBadContext, so a non-zero exit after a good picture): delete it now.
    pv.Delete(view)


def main(argv):
    args = parse_args(argv)
    run = Path(args.run_dir)
    if not run.is_dir():
        fail(f"no run directory {run}")
    pvd = find_series(run, args.series)
    particles = find_particles(run, args.particles)
    if args.out and args.field and ("," in args.field or args.field == "all"):
        fail("--out names one picture: give one --field")

    global pv  # imported late: it takes seconds, and bad input should not wait for it
    from paraview import simple as pv

    reader, times = open_series(pvd)
    time = nearest_time(times, args.time)
    if args.time is not None and time != args.time:
        print(f"render_paraview.py: t = {time:g}, the snapshot nearest to {args.time:g}")
    reader.UpdatePipeline(time)
    info = reader.GetDataInformation()
    if info.GetNumberOfCells() == 0:
        fail(f"{pvd} has no cells at t = {time:g} (are its fields/ pieces missing?)", 1)
    bounds = list(info.GetBounds())
    dim = grid_dimension(bounds)
    arrays = array_list(reader)
    fields = choose_fields(arrays, args.field)
    title = run_title(run, args.title)
    args.shared_range = None
    if args.common_range and len(fields) > 1:
        ranges = [data_range(reader, f, dict(arrays)[f]) for f in fields]
        args.shared_range = (min(r[0] for r in ranges), max(r[1] for r in ranges))
    font = args.size[1] / 800  # text sizes scale with the image height
    if dim == 1 and particles:
        print("render_paraview.py: 1D field: particles are not drawn on a line plot")
    for field in fields:
        out = output_path(run, args.out, field)
        caption = field
        if field == "velocity" and dim > 1 and not args.no_streamlines:
            caption = "speed (velocity magnitude) and streamlines"  # no '|': it splits text
        if len(times) > 1:  # a steady run's one snapshot has no meaningful time
            caption += f"   t = {time:g}"
        full = f"{title}\n{caption}" if title else caption
        if dim == 1:
            render_line(args, reader, arrays, field, time, out, full, font)
        else:
            render_plane(args, reader, arrays, field, time, dim, bounds, particles, out, full, font)
        print(f"render_paraview.py: wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
