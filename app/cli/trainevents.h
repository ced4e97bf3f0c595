#pragma once

#include "train/engineevents.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace glossa::cli {

// `glossa-cli train --events`: the protocol a GUI drives a training process with. stdout holds
// one JSON object per line and nothing else (the human progress lines stay on stderr), each
// written by core's event codec (train/engineevents.h):
//   {"event":"run","run":ID,"name":"...","resumed":false,"device":"cpu"}     once the run exists
//   {"event":"progress","step":S,"total_steps":T,"epoch":E,"loss":L,"learning_rate":LR,
//    "examples_per_second":X,"eta_seconds":Y}                                 every step
//   {"event":"evaluation","step":S,"epoch":E,"loss":L,"best":B,"accuracy":A,"macro_f1":M,
//    "micro_f1":m,"per_language":{"en":{"macro_f1":..,"accuracy":..,"n":..},...}}  every dev evaluation
//   {"event":"log","line":"..."}             {"event":"resumed","step":S}
//   {"event":"state","state":"paused"|"running"|"stopping"}                   a command was accepted
//   last: {"event":"result",...the fields of train --json...}, exit 0 (finished) or 130 (stopped),
//   or {"event":"failed","run":ID,"message":"..."} and a non-zero exit ("run" absent before a run
//   exists).
// stdin takes the lines pause, resume and stop; its end (the GUI quit or crashed) is a stop, so
// the run ends stopped and resumable. After "paused", the step already under way may still
// report one progress event.
//
// Writes one event as one line and flushes it, so a reader sees it at once; safe from any
// thread (the training thread, the recorder's, the stdin reader's).
void printEvent(const core::train::events::EngineEvent &event);
// {"event":"failed","run":ID,"message":"..."}, without "run" when the failure came before the
// run existed (a bad --set, an unknown dataset).
void printFailedEvent(std::string_view message, std::optional<std::int64_t> runId = std::nullopt);

} // namespace glossa::cli
