#include "solvers/stokes/velocity_file.hpp"

#include <fmt/format.h>
#include <mpi.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "core/atomic_file.hpp"
#include "core/on_root.hpp"
#include "solvers/common/boundary.hpp"

namespace fickle {
namespace fs = std::filesystem;

namespace {

constexpr const char* kFormat = "fickle-face-velocity-1";

std::array<std::int64_t, 3> faces_of(const MacGrid& mac, int a) {
  std::array<std::int64_t, 3> n{1, 1, 1};
  for (int b = 0; b < mac.dim(); ++b) n[b] = b == a ? mac.face_count(a) : mac.grid().cells[b];
  return n;
}

// The box faces' conditions, so that a reader can extrapolate past the last face centres as the
// solver did (a wall's tangential velocity is the wall's on the wall; slip and open faces mirror).
nlohmann::json boundary_description(const StokesProblem& p) {
  static constexpr const char* kTypes[] = {"wall", "free-slip", "pressure", "periodic"};
  nlohmann::json faces = nlohmann::json::object();
  for (int f = 0; f < 2 * p.grid.dim; ++f) {
    const auto& bc = p.boundary[f];
    nlohmann::json face{{"type", kTypes[static_cast<int>(bc.type)]}};
    if (bc.type == StokesBoundary::Type::wall)
      face["velocity"] = std::vector<double>(bc.velocity.begin(), bc.velocity.begin() + p.grid.dim);
    if (bc.type == StokesBoundary::Type::pressure) face["pressure"] = bc.pressure;
    faces[kFaceNames[f]] = face;
  }
  return faces;
}

}  // namespace

void write_face_velocity(const FlowFields& flow, const fs::path& dir) {
  const StokesSolver& solver = flow.solver();
  const MacGrid& mac = solver.mac();
  const Grid& g = mac.grid();
  const MPI_Comm comm = mac.comm();
  on_root(comm, [&] { fs::create_directories(dir); });

  // MPI-IO's collective calls return errors rather than hang, but a rank that threw at one of
  // them would leave the others waiting at the next: failures are recorded, and the ranks agree
  // once the file is closed.
  std::string failure;
  const auto check = [&](int code, const char* what) {
    if (code == MPI_SUCCESS || !failure.empty()) return;
    char text[MPI_MAX_ERROR_STRING];
    int length = 0;
    MPI_Error_string(code, text, &length);
    failure = fmt::format("{} {}: {}", what, (dir / "velocity.bin").string(),
                          std::string(text, static_cast<std::size_t>(length)));
  };
  MPI_File file;
  const fs::path data = dir / "velocity.bin";
  const int opened =
      MPI_File_open(comm, data.c_str(), MPI_MODE_CREATE | MPI_MODE_WRONLY, MPI_INFO_NULL, &file);
  if (opened != MPI_SUCCESS) {  // collective: every rank sees it
    check(opened, "cannot create");
    on_all(comm, [&] { throw std::runtime_error(failure); });
  }
  check(MPI_File_set_size(file, 0), "cannot write");
  MPI_Offset offset = 0;
  nlohmann::json faces = nlohmann::json::array();
  for (int a = 0; a < g.dim; ++a) {
    const auto n = faces_of(mac, a);
    // This rank's faces of component a: its cells, plus the upper boundary faces on the last rank.
    std::array<int, 3> sizes{}, sub{}, starts{};
    for (int b = 0; b < g.dim; ++b) {
      const int c = g.dim - 1 - b;  // C order: the last index runs fastest
      sizes[c] = static_cast<int>(n[b]);
      starts[c] = static_cast<int>(mac.start()[b]);
      const bool last = mac.start()[b] + mac.count()[b] == g.cells[b];
      sub[c] = static_cast<int>(mac.count()[b] + (b == a && last && !g.periodic[b] ? 1 : 0));
    }
    std::vector<double> buffer;
    buffer.reserve(static_cast<std::size_t>(sub[0]) * sub[1] * (g.dim == 3 ? sub[2] : 1));
    const Index3 s = mac.start();
    const Index3 e{s[0] + sub[g.dim - 1], s[1] + sub[g.dim - 2], g.dim == 3 ? s[2] + sub[0] : 1};
    for (PetscInt k = s[2]; k < e[2]; ++k)
      for (PetscInt j = s[1]; j < e[1]; ++j)
        for (PetscInt i = s[0]; i < e[0]; ++i) buffer.push_back(flow.face_velocity(a, {i, j, k}));
    MPI_Datatype block;
    FICKLE_PETSC(MPI_Type_create_subarray(g.dim, sizes.data(), sub.data(), starts.data(),
                                          MPI_ORDER_C, MPI_DOUBLE, &block));
    FICKLE_PETSC(MPI_Type_commit(&block));
    check(MPI_File_set_view(file, offset, MPI_DOUBLE, block, "native", MPI_INFO_NULL),
          "cannot write");
    MPI_Status status;
    check(MPI_File_write_all(file, buffer.data(), static_cast<int>(buffer.size()), MPI_DOUBLE,
                             &status),
          "cannot write");
    int written = 0;
    MPI_Get_count(&status, MPI_DOUBLE, &written);
    if (failure.empty() && written != static_cast<int>(buffer.size()))
      failure = fmt::format("cannot write {}: {} of {} values written (disk full?)", data.string(),
                            written, buffer.size());
    FICKLE_PETSC(MPI_Type_free(&block));
    offset += static_cast<MPI_Offset>(n[0] * n[1] * n[2]) * 8;
    faces.push_back(std::vector<std::int64_t>(n.begin(), n.begin() + g.dim));
  }
  check(MPI_File_sync(file), "cannot write");
  check(MPI_File_close(&file), "cannot close");
  on_all(comm, [&] {
    if (!failure.empty()) throw std::runtime_error(failure);
  });

  on_root(comm, [&] {
    nlohmann::json header{
        {"format", kFormat},
        {"file", "velocity.bin"},
        {"dim", g.dim},
        {"cells", std::vector<int>(g.cells.begin(), g.cells.begin() + g.dim)},
        {"lower", std::vector<double>(g.lower.begin(), g.lower.begin() + g.dim)},
        {"upper", std::vector<double>(g.upper.begin(), g.upper.begin() + g.dim)},
        {"periodic", std::vector<bool>(g.periodic.begin(), g.periodic.begin() + g.dim)},
        {"faces", faces},
        {"boundary", boundary_description(solver.problem())},
        {"layout",
         "float64 little-endian; component x, then y (then z); each x fastest over its faces; "
         "face i of component a at x_a = lower_a + i h_a, cell centres along the other axes"}};
    write_file_atomically(dir / "velocity.json", header.dump(2) + "\n");
  });
}

FaceVelocity read_face_velocity(const fs::path& dir) {
  const fs::path meta = dir / "velocity.json";
  std::ifstream in(meta);
  if (!in) throw std::runtime_error(fmt::format("{}: not found", meta.string()));
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(in);
  } catch (const std::exception& e) {
    throw std::runtime_error(fmt::format("{}: not valid JSON ({})", meta.string(), e.what()));
  }
  if (header.value("format", "") != kFormat)
    throw std::runtime_error(fmt::format("{}: format is not {}", meta.string(), kFormat));
  FaceVelocity v;
  v.grid.dim = header["dim"];
  for (int a = 0; a < v.grid.dim; ++a) {
    v.grid.cells[a] = header["cells"][a];
    v.grid.lower[a] = header["lower"][a];
    v.grid.upper[a] = header["upper"][a];
    v.grid.periodic[a] = header["periodic"][a];
  }
  if (header.contains("boundary"))
    for (int f = 0; f < 2 * v.grid.dim; ++f) {
      const auto& face = header["boundary"][kFaceNames[f]];
      v.wall[f] = face["type"] == "wall";
      if (v.wall[f])
        for (int a = 0; a < v.grid.dim; ++a) v.wall_velocity[f][a] = face["velocity"][a];
    }
  const fs::path data = dir / header["file"].get<std::string>();
  std::ifstream bin(data, std::ios::binary);
  for (int a = 0; a < v.grid.dim; ++a) {
    v.faces[a] = {1, 1, 1};
    for (int b = 0; b < v.grid.dim; ++b) v.faces[a][b] = header["faces"][a][b];
    v.values[a].resize(static_cast<std::size_t>(v.faces[a][0] * v.faces[a][1] * v.faces[a][2]));
    bin.read(reinterpret_cast<char*>(v.values[a].data()),
             static_cast<std::streamsize>(v.values[a].size() * sizeof(double)));
    if (!bin)
      throw std::runtime_error(fmt::format("{}: shorter than {} describes (component {})",
                                           data.string(), meta.string(), "xyz"[a]));
  }
  return v;
}

}  // namespace fickle
