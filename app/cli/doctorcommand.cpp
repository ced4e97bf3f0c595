#include "doctorcommand.h"

#include "output.h"

#include "store/doctor.h"

#include <iostream>

namespace glossa::cli {

int runDoctor(const DoctorCommand &command)
{
    const auto report = core::store::examineProject(command.common.project, command.fix);
    if (command.common.json) {
        printJson({{"project", command.common.project},
                   {"healthy", report.healthy()},
                   {"problems", report.problems},
                   {"repaired", report.repairs}});
        return report.healthy() ? 0 : 1;
    }
    for (const auto &repair : report.repairs)
        std::cout << "repaired: " << printable(repair) << "\n";
    for (const auto &problem : report.problems)
        std::cout << "problem: " << printable(problem) << "\n";
    if (report.healthy()) {
        std::cout << printable(command.common.project) << ": healthy\n";
        return 0;
    }
    std::cout << printable(command.common.project) << ": " << report.problems.size()
              << (report.problems.size() == 1 ? " problem" : " problems")
              << (command.fix ? " left that --fix cannot repair (open a backup copy)"
                              : "; glossa-cli doctor --fix removes what is foreign")
              << "\n";
    return 1;
}

} // namespace glossa::cli
