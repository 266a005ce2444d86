#pragma once

// Constructors of the individual sinks (sinks.h's OpenSink picks one).

#include <memory>
#include <string>

#include "ocp/sink.h"
#include "output/sinks.h"

namespace ocpagg::output {

std::unique_ptr<ocp::SummarySink> MakeCsvSink(const std::string& path);
std::unique_ptr<ocp::SummarySink> MakeSqliteSink(const std::string& path);
std::unique_ptr<ocp::SummarySink> MakeParquetSink(const std::string& path);

}  // namespace ocpagg::output
