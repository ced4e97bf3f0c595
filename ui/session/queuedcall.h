#pragma once

#include <QMetaObject>
#include <QObject>

#include <type_traits>
#include <utility>

#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
#endif

namespace glossa::ui {

namespace detail {

// ThreadSanitizer's view of a hand-off it cannot see, because the synchronisation is inside
// uninstrumented Qt: whatever a thread did before tsanRelease(address) happens before whatever
// another thread does after a later tsanAcquire(address). No-ops without TSan.
inline constexpr bool underThreadSanitizer =
#if defined(__SANITIZE_THREAD__)
    true;
#else
    false;
#endif
inline void tsanRelease([[maybe_unused]] const void *address)
{
#if defined(__SANITIZE_THREAD__)
    __tsan_release(const_cast<void *>(address));
#endif
}
inline void tsanAcquire([[maybe_unused]] const void *address)
{
#if defined(__SANITIZE_THREAD__)
    __tsan_acquire(const_cast<void *>(address));
#endif
}

// A function on its way to another thread through Qt's posted-event queue. The queue hands it
// over under a mutex inside libQt6Core, and Debian's Qt is not built with ThreadSanitizer, so
// TSan cannot see that edge: it reports the function's own memory (its captures, the slot
// object Qt allocates on the posting thread and deletes on the receiving one) as raced. Under
// TSan each copy releases at its own address once it is built, and running or destroying it
// acquires there first: the edge the queue's mutex makes, for this function only, so a race in
// what the function does is still reported. Running it releases again when it is done: Qt
// destroys it on the posting thread when invokeMethod drops its reference after the receiver
// has run it. Elsewhere it is the function itself.
template <typename Function> class QueuedCall
{
public:
    explicit QueuedCall(Function function)
        : m_function(std::move(function))
    {
        released();
    }
    // noexcept exactly when Function's move is; clang-tidy 16 flags every Function whose move may throw.
    // NOLINTNEXTLINE(performance-noexcept-move-constructor)
    QueuedCall(QueuedCall &&other) noexcept(std::is_nothrow_move_constructible_v<Function>)
        : m_function(std::move(other.m_function))
    {
        released();
    }
    QueuedCall(const QueuedCall &other)
        : m_function(other.m_function)
    {
        released();
    }
    QueuedCall &operator=(const QueuedCall &) = delete;
    QueuedCall &operator=(QueuedCall &&) = delete;
    ~QueuedCall() { acquired(); }

    void operator()()
    {
        acquired();
        m_function();
        released();
    }

private:
    void released() const { tsanRelease(this); }
    void acquired() const { tsanAcquire(this); }

    Function m_function;
};

} // namespace detail

// Runs function on context's thread, later, from its event loop (QMetaObject::invokeMethod with
// Qt::QueuedConnection); not at all if context is gone first. Use it for every call handed to
// another thread, so that ThreadSanitizer sees the hand-off (detail::QueuedCall).
template <typename Function> void postTo(QObject *context, Function &&function)
{
    QMetaObject::invokeMethod(context, detail::QueuedCall<std::decay_t<Function>>(std::forward<Function>(function)),
                              Qt::QueuedConnection);
}

} // namespace glossa::ui
