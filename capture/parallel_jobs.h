// capture/parallel_jobs.h: private to the stages. Runs independent jobs on a few threads and
// hands the first failure back to the caller (cv::parallel_for_ would swallow heritage::Error
// into a cv::Exception).
#pragma once
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include <opencv2/core/utility.hpp>

namespace heritage::capture {

// Runs job(i) for every i in [0, count) on at most `max_workers` threads (and no more than the
// CPUs); rethrows the first exception once every thread has stopped.
template <typename Job>
void run_parallel_jobs(std::size_t count, std::size_t max_workers, const Job& job) {
    const std::size_t workers =
        std::min<std::size_t>({max_workers, std::size_t(std::max(1, cv::getNumberOfCPUs())),
                               std::max<std::size_t>(count, 1)});
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    const auto work = [&] {
        try {
            for (std::size_t i = next++; i < count; i = next++)
                job(i);
        } catch (...) {
            const std::lock_guard lock(failure_mutex);
            if (!failure)
                failure = std::current_exception();
            next = count;
        }
    };
    std::vector<std::thread> threads;
    for (std::size_t t = 1; t < workers; ++t)
        threads.emplace_back(work);
    work();
    for (std::thread& thread : threads)
        thread.join();
    if (failure)
        std::rethrow_exception(failure);
}

}  // namespace heritage::capture
