#include "core/petsc_options.hpp"

#include "core/petsc.hpp"

namespace fickle {

ScopedOptions::~ScopedOptions() {
  for (const auto& name : added_) PetscOptionsClearValue(nullptr, name.c_str());
}

void ScopedOptions::set_default(const std::string& name, const std::string& value) {
  PetscBool present = PETSC_FALSE;
  FICKLE_PETSC(PetscOptionsHasName(nullptr, nullptr, name.c_str(), &present));
  if (present) return;
  FICKLE_PETSC(PetscOptionsSetValue(nullptr, name.c_str(), value.empty() ? nullptr : value.c_str()));
  added_.push_back(name);
}

}  // namespace fickle
