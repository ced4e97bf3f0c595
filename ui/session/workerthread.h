#pragma once

#include "ui/session/queuedcall.h"

#include <QFuture>
#include <QFutureWatcher>
#include <QObject>
#include <QPromise>
#include <QString>
#include <QThread>

#include <exception>
#include <memory>
#include <type_traits>
#include <utility>

namespace glossa::ui {

// How a request to the session fails: with a message to show the analyst as it is.
struct RequestFailed
{
    QString message;
};

namespace detail {

// A failure as the exception a request's future carries to the thread that waits on it. The
// future's exception store is guarded inside uninstrumented Qt, so under ThreadSanitizer the
// exception object is released here and acquired where whenDone catches it.
inline std::exception_ptr handOver(const RequestFailed &failure)
{
    auto handed = std::make_exception_ptr(failure);
    if constexpr (underThreadSanitizer) {
        try {
            std::rethrow_exception(handed);
        } catch (const RequestFailed &object) { // the object inside handed
            tsanRelease(&object);
        }
    }
    return handed;
}

} // namespace detail

// A thread with one worker on it (a plain object that owns that thread's connection to the
// project). call() runs a function of the worker there, in the order asked, and answers with a
// future of its own, so each result and each failure reaches whoever asked; an exception from
// the worker becomes RequestFailed on that future. The worker is made and destroyed on the
// thread's behalf: it is never touched from anywhere else.
template <typename Worker> class WorkerThread
{
public:
    explicit WorkerThread(const QString &name)
    {
        m_thread.setObjectName(name);
        m_context.moveToThread(&m_thread);
        if constexpr (detail::underThreadSanitizer) {
            // The thread's end happens before wait() returns, which QThread does not show TSan.
            QObject::connect(
                &m_thread, &QThread::finished, &m_context, [this] { detail::tsanRelease(&m_thread); },
                Qt::DirectConnection);
        }
        m_thread.start();
    }

    ~WorkerThread()
    {
        // The worker's connection is closed on its own thread, after every request before it.
        postTo(&m_context, [this] { m_worker.reset(); });
        m_thread.quit();
        m_thread.wait();
        detail::tsanAcquire(&m_thread);
    }

    WorkerThread(const WorkerThread &) = delete;
    WorkerThread &operator=(const WorkerThread &) = delete;

    template <typename Work> auto call(Work &&work) -> QFuture<std::invoke_result_t<Work, Worker &>>
    {
        using Result = std::invoke_result_t<Work, Worker &>;
        // Shared: the queued functor is copied by Qt, and a QPromise cannot be.
        auto promise = std::make_shared<QPromise<Result>>();
        // Started here, not on the worker's thread: a future not yet started counts as done,
        // and whoever waits on it before the worker picks the request up would not wait.
        promise->start();
        auto future = promise->future();
        postTo(&m_context, [worker = m_worker.get(), promise, work = std::forward<Work>(work)]() mutable {
            try {
                if constexpr (std::is_void_v<Result>)
                    work(*worker);
                else
                    promise->addResult(work(*worker));
            } catch (const RequestFailed &failure) {
                promise->setException(detail::handOver(failure));
            } catch (const std::exception &e) {
                promise->setException(detail::handOver(RequestFailed{QString::fromUtf8(e.what())}));
            } catch (...) {
                promise->setException(detail::handOver(RequestFailed{QStringLiteral("unexpected error")}));
            }
            promise->finish();
        });
        return future;
    }

private:
    QThread m_thread;
    QObject m_context; // lives on m_thread: what queued calls run on
    std::unique_ptr<Worker> m_worker = std::make_unique<Worker>();
};

// Hands a request's result to onResult and its failure message to onFailure, both on context's
// thread and always later, from its event loop, never inside this call (QFuture::then would run
// them at once when the request is already answered); neither runs once context is gone (a page
// closed before its answer came), nor for a request cancelled because the session closed.
template <typename T, typename OnResult, typename OnFailure>
void whenDone(QFuture<T> future, QObject *context, OnResult &&onResult, OnFailure &&onFailure)
{
    auto *watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context,
                     [watcher, onResult = std::forward<OnResult>(onResult),
                      onFailure = std::forward<OnFailure>(onFailure)]() mutable {
                         watcher->deleteLater();
                         try {
                             watcher->waitForFinished(); // rethrows the request's failure
                             if (watcher->isCanceled())
                                 return;
                             if constexpr (std::is_void_v<T>)
                                 onResult();
                             else
                                 onResult(watcher->result());
                         } catch (const RequestFailed &failure) {
                             detail::tsanAcquire(&failure); // detail::handOver
                             onFailure(failure.message);
                         }
                     });
    watcher->setFuture(future);
}

namespace detail {

template <typename T, typename Function> struct ContinuationResult
{
    using type = std::invoke_result_t<Function, const T &>;
};
template <typename Function> struct ContinuationResult<void, Function>
{
    using type = std::invoke_result_t<Function>;
};

// Fills promise with what call() gives, or with its failure.
template <typename Result, typename Call> void deliver(QPromise<Result> &promise, Call &&call)
{
    try {
        if constexpr (std::is_void_v<Result>)
            call();
        else
            promise.addResult(call());
    } catch (const RequestFailed &) {
        promise.setException(std::current_exception());
    }
    promise.finish();
}

} // namespace detail

// QFuture::then(context, function), but function always runs later, from context's event loop
// (as whenDone), never inside this call: QFuture::then runs it at once when the request is
// already answered, and a signal emitted from there reaches no one who waits for it. The
// returned future carries function's result, or the request's failure (function is skipped).
template <typename T, typename Function> auto continueLater(QFuture<T> future, QObject *context, Function function)
{
    using Result = typename detail::ContinuationResult<T, Function>::type;
    auto promise = std::make_shared<QPromise<Result>>();
    promise->start();
    auto next = promise->future();
    auto onFailure = [promise](const QString &message) {
        promise->setException(std::make_exception_ptr(RequestFailed{message}));
        promise->finish();
    };
    if constexpr (std::is_void_v<T>)
        whenDone(
            future, context, [promise, function]() mutable { detail::deliver(*promise, function); }, onFailure);
    else
        whenDone(
            future, context,
            [promise, function](const T &value) mutable { detail::deliver(*promise, [&] { return function(value); }); },
            onFailure);
    return next;
}

} // namespace glossa::ui
