#pragma once

#include "commands.h"

namespace glossa::cli {

struct DoctorCommand
{
    CommonOptions common;
    bool fix = false;
};

// Examines a project file without trusting it (its schema, pages, references and artefacts)
// and says what is wrong; with --fix removes what is foreign. Exit 0 when it is healthy
// (after fixing), 1 when problems remain.
int runDoctor(const DoctorCommand &command);

} // namespace glossa::cli
