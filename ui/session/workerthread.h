#pragma once

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
        m_thread.start();
    }

    ~WorkerThread()
    {
        // The worker's connection is closed on its own thread, after every request before it.
        QMetaObject::invokeMethod(
            &m_context, [this] { m_worker.reset(); }, Qt::QueuedConnection);
        m_thread.quit();
        m_thread.wait();
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
        QMetaObject::invokeMethod(
            &m_context,
            [worker = m_worker.get(), promise, work = std::forward<Work>(work)]() mutable {
                try {
                    if constexpr (std::is_void_v<Result>)
                        work(*worker);
                    else
                        promise->addResult(work(*worker));
                } catch (const RequestFailed &) {
                    promise->setException(std::current_exception());
                } catch (const std::exception &e) {
                    promise->setException(std::make_exception_ptr(RequestFailed{QString::fromUtf8(e.what())}));
                } catch (...) {
                    promise->setException(std::make_exception_ptr(RequestFailed{QStringLiteral("unexpected error")}));
                }
                promise->finish();
            },
            Qt::QueuedConnection);
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
                             onFailure(failure.message);
                         }
                     });
    watcher->setFuture(future);
}

} // namespace glossa::ui
