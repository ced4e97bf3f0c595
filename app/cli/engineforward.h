#pragma once

namespace glossa::cli {

// The commands that train or run models (train, eval, predict, errors) live in
// glossa-cli-engine, the only executable that loads LibTorch (about a second of start-up);
// glossa-cli hands such a command line over to it unchanged, with execv, so Ctrl-C, stdin,
// stdout and the exit status are the engine's own. Returns only when it cannot start the
// engine (after printing why), with exit status 127.
int forwardToEngine(char **argv);

} // namespace glossa::cli
