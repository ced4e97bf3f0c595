#pragma once

// What the UI-stall benchmarks share: a monitor of the UI thread's event-loop gaps, and a way
// to go on once a condition holds without blocking the loop.

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

namespace glossa::bench {

// Records the gaps between ticks of a 1 ms timer on the UI thread, per phase: the time between
// two ticks is how long the loop was busy (a paint, a model reset, a slot).
class GapMonitor : public QObject
{
public:
    GapMonitor()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            if (m_last > 0)
                m_gaps.push_back(static_cast<double>(now - m_last) / 1e6);
            m_last = now;
        });
        m_clock.start();
        m_timer.start();
    }

    void startPhase()
    {
        m_gaps.clear();
        m_last = 0;
    }

    void report(const char *phase)
    {
        std::vector<double> gaps = m_gaps;
        std::sort(gaps.begin(), gaps.end());
        const double longest = gaps.empty() ? 0 : gaps.back();
        const double p99 = gaps.empty() ? 0 : gaps[static_cast<size_t>(0.99 * static_cast<double>(gaps.size() - 1))];
        const auto over = [&gaps](double ms) {
            return std::count_if(gaps.begin(), gaps.end(), [ms](double g) { return g > ms; });
        };
        std::printf("%-40s longest %7.1f ms   p99 %6.1f ms   >16 ms: %4ld   >50 ms: %3ld   (%zu ticks)\n", phase,
                    longest, p99, static_cast<long>(over(16)), static_cast<long>(over(50)), gaps.size());
        std::fflush(stdout);
        m_worst = std::max(m_worst, longest);
    }

    double worst() const { return m_worst; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    std::vector<double> m_gaps;
    double m_worst = 0;
};

// Calls then() once condition() holds, polling every 5 ms on the event loop.
inline void waitUntil(QObject *context, std::function<bool()> condition, std::function<void()> then)
{
    auto *timer = new QTimer(context);
    timer->setInterval(5);
    QObject::connect(timer, &QTimer::timeout, context, [timer, condition, then] {
        if (condition()) {
            timer->stop();
            timer->deleteLater();
            then();
        }
    });
    timer->start();
}

} // namespace glossa::bench
