#include "store/walcheckpointer.h"

#include "store/database.h"

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace glossa::core::store {
namespace {

constexpr auto checkpointInterval = std::chrono::seconds(1);

void checkpointUntilStopped(std::stop_token stop, const std::filesystem::path &file)
{
    try {
        Database db(file, Database::Mode::ReadWrite);
        std::mutex mutex;
        std::condition_variable_any wake;
        std::unique_lock lock(mutex);
        while (!stop.stop_requested()) {
            // Nothing notifies `wake`: it only times out or ends early on a stop request.
            wake.wait_for(lock, stop, checkpointInterval, [] { return false; });
            if (!stop.stop_requested())
                db.exec("PRAGMA wal_checkpoint(PASSIVE)");
        }
    } catch (...) {
        // A checkpoint that cannot run now runs when the last connection closes; the data is
        // safe in the log either way.
    }
}

} // namespace

WalCheckpointer::WalCheckpointer(std::filesystem::path file)
    : m_thread(checkpointUntilStopped, std::move(file))
{
}

WalCheckpointer::~WalCheckpointer() = default;

} // namespace glossa::core::store
