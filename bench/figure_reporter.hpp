// A console reporter that also prints the figures the issues name, as `name: value unit`
// lines after Google Benchmark's table. A figure is a benchmark counter of the same name.
#pragma once

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

namespace thespis::bench {

class FigureReporter : public benchmark::ConsoleReporter {
 public:
  /// `units`: counter name -> unit printed after its value.
  explicit FigureReporter(std::map<std::string, std::string> units)
      : ConsoleReporter(OO_Tabular), units_(std::move(units)) {}  // no colour codes

  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      for (const auto& [name, unit] : units_) {
        auto it = run.counters.find(name);
        if (it != run.counters.end()) figures_[name] = it->second.value;
      }
    }
  }

  void Finalize() override {
    ConsoleReporter::Finalize();
    for (const auto& [name, value] : figures_) {
      // Whole numbers for large figures, three significant digits for small ones.
      if (value >= 1000) {
        std::printf("%s: %.0f %s\n", name.c_str(), value, units_.at(name).c_str());
      } else {
        std::printf("%s: %.3g %s\n", name.c_str(), value, units_.at(name).c_str());
      }
    }
    std::fflush(stdout);
  }

 private:
  std::map<std::string, std::string> units_;
  std::map<std::string, double> figures_;
};

}  // namespace thespis::bench
