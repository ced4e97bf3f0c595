#pragma once

#include <filesystem>
#include <thread>

namespace glossa::core::store {

// Copies the write-ahead log back into the project file from a thread of its own.
//
// SQLite's automatic checkpoint runs inside whichever commit crosses the threshold and costs
// that commit an fsync (10-30 ms here), so a label edit on the UI thread could stall behind it.
// Every connection therefore turns automatic checkpoints off and this thread does them,
// passively: it never blocks readers or writers.
class WalCheckpointer
{
public:
    explicit WalCheckpointer(std::filesystem::path file);
    ~WalCheckpointer();
    WalCheckpointer(const WalCheckpointer &) = delete;
    WalCheckpointer &operator=(const WalCheckpointer &) = delete;

private:
    std::jthread m_thread;
};

} // namespace glossa::core::store
