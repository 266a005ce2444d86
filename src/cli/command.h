#pragma once

// How subcommands plug into main.cc: each command module registers its CLI11 subcommand and a
// function that runs it. Only src/cli prints or decides exit codes (CONTRIBUTING.md rule 11).

#include <CLI/CLI.hpp>
#include <functional>
#include <vector>

#include "common/status.h"

namespace ocpagg::cli {

struct Command {
  CLI::App* app = nullptr;      // the subcommand, for `if (*app)`
  std::function<Status()> run;  // called when the subcommand was given
};

/// `ocpagg parquet inspect|cat|stats`.
void AddParquetCommands(CLI::App& app, std::vector<Command>* commands);

/// `ocpagg demo`.
void AddDemoCommand(CLI::App& app, std::vector<Command>* commands);

/// `ocpagg db init`.
void AddDbCommands(CLI::App& app, std::vector<Command>* commands);

/// `ocpagg summarize`.
void AddSummarizeCommand(CLI::App& app, std::vector<Command>* commands);

}  // namespace ocpagg::cli
