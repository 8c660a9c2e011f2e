#include "core/petsc_options.hpp"

#include <algorithm>

#include "core/petsc.hpp"

namespace fickle {

namespace {
std::vector<std::string>& applied_defaults() {
  static std::vector<std::string> all;
  return all;
}
}  // namespace

std::string petsc_options_in_effect() {
  char* all = nullptr;
  FICKLE_PETSC(PetscOptionsGetAll(nullptr, &all));
  std::string s = all ? all : "";
  FICKLE_PETSC(PetscFree(all));
  return s;
}

ScopedOptions::~ScopedOptions() {
  for (const auto& name : added_) PetscOptionsClearValue(nullptr, name.c_str());
}

void ScopedOptions::set_default(const std::string& name, const std::string& value,
                                bool fickles_own) {
  PetscBool present = PETSC_FALSE;
  FICKLE_PETSC(PetscOptionsHasName(nullptr, nullptr, name.c_str(), &present));
  if (present) return;
  FICKLE_PETSC(
      PetscOptionsSetValue(nullptr, name.c_str(), value.empty() ? nullptr : value.c_str()));
  added_.push_back(name);
  if (!fickles_own) return;
  const std::string option = value.empty() ? name : name + " " + value;
  auto& all = applied_defaults();
  if (std::find(all.begin(), all.end(), option) == all.end()) all.push_back(option);
}

std::vector<std::string> ScopedOptions::applied() {
  return applied_defaults();
}

}  // namespace fickle
