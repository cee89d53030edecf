#pragma once
// Names the bot's helper threads (the dispatcher's worker, the outbox thread) so that top, perf and gdb
// tell them from the socket thread.

#include <pthread.h>

namespace networkbot::slack {

inline void name_thread(const char* name) { ::pthread_setname_np(::pthread_self(), name); }

}  // namespace networkbot::slack
