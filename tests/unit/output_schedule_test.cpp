// When the time loop writes snapshots (app/run/output_schedule.hpp): every N steps, at the
// multiples of output.interval, at output.times; landing on them or at the first step past them;
// and the reader's refusals (one of every/interval/times, times inside (0, time.end]).
#include <gtest/gtest.h>

#include <fstream>

#include "app/input/case_sections.hpp"
#include "app/run/output_schedule.hpp"

namespace fickle {
namespace {

OutputSettings read(const std::string& yaml, double end = 1.0) {
  const auto file = std::filesystem::temp_directory_path() / "fickle-output-schedule-test.yaml";
  std::ofstream(file) << yaml;
  Section root = Section::root(CaseDocument::load(file));
  return read_output(root.section(keys::output), end);
}

std::string message_of(const std::string& yaml) {
  try {
    read(yaml);
  } catch (const CaseError& e) {
    return e.what();
  }
  return "no error";
}

double uniform(long n) {
  return 0.1 * static_cast<double>(n);
}

TEST(OutputSchedule, EveryCountsStepsFromZero) {
  const OutputSettings o = read("output: {every: 3}\n");
  const OutputSchedule schedule(o);
  EXPECT_FALSE(schedule.due(2, 0.1, 0.2));
  EXPECT_TRUE(schedule.due(3, 0.2, 0.3));
  EXPECT_DOUBLE_EQ(schedule.next_stop(0.3), 1.0);  // only the end stops a step
  const auto times = planned_snapshot_times(o, 10, uniform, true);
  ASSERT_EQ(times.size(), 5u);  // 0, 0.3, 0.6, 0.9, 1
  EXPECT_DOUBLE_EQ(times[3], uniform(9));
  EXPECT_DOUBLE_EQ(times[4], uniform(10));
}

TEST(OutputSchedule, IntervalStopsAtItsMultiplesAndTheEnd) {
  const OutputSettings o = read("output: {interval: 0.25}\n");
  const OutputSchedule schedule(o);
  EXPECT_DOUBLE_EQ(schedule.next_stop(0), 0.25);
  EXPECT_DOUBLE_EQ(schedule.next_stop(0.25), 0.5);
  // Round-off below a multiple counts as reaching it: the next stop is the one after.
  EXPECT_DOUBLE_EQ(schedule.next_stop(0.5 - 1e-15), 0.75);
  EXPECT_DOUBLE_EQ(schedule.next_stop(0.9), 1.0);
  // Landing: exactly the multiples. At or past on steps of 0.1: 0.3, 0.5, 0.8 and the end.
  const std::vector<double> landed{0, 0.25, 0.5, 0.75, 1.0};
  EXPECT_EQ(planned_snapshot_times(o, 10, uniform, true), landed);
  const auto past = planned_snapshot_times(o, 10, uniform, false);
  ASSERT_EQ(past.size(), 5u);
  EXPECT_DOUBLE_EQ(past[1], uniform(3));
  EXPECT_DOUBLE_EQ(past[2], uniform(5));
  EXPECT_DOUBLE_EQ(past[3], uniform(8));
  EXPECT_TRUE(schedule.due(3, 0.2, 0.3));
  EXPECT_FALSE(schedule.due(4, 0.3, 0.4));
}

TEST(OutputSchedule, TimesAreVisitedOnceEachAndSeveralInOneStepGiveOneSnapshot) {
  const OutputSettings o = read("output: {times: [0.05, 0.07, 0.5]}\n");
  const OutputSchedule schedule(o);
  EXPECT_DOUBLE_EQ(schedule.next_stop(0), 0.05);
  EXPECT_DOUBLE_EQ(schedule.next_stop(0.05), 0.07);
  EXPECT_DOUBLE_EQ(schedule.next_stop(0.5), 1.0);
  EXPECT_TRUE(schedule.due(1, 0, 0.1));  // 0.05 and 0.07 both passed: one snapshot
  EXPECT_FALSE(schedule.due(2, 0.1, 0.2));
  const auto past = planned_snapshot_times(o, 10, uniform, false);
  ASSERT_EQ(past.size(), 4u);  // 0, 0.1, 0.5, 1
  EXPECT_DOUBLE_EQ(past[1], uniform(1));
  const std::vector<double> landed{0, 0.05, 0.07, 0.5, 1.0};
  EXPECT_EQ(planned_snapshot_times(o, 10, uniform, true), landed);
}

TEST(OutputSchedule, ReaderTakesOneOfEveryIntervalAndTimesInsideTheRun) {
  EXPECT_NE(message_of("output: {every: 5, interval: 0.1}\n")
                .find("output.every: expected one of "
                      "output.every, output.interval "
                      "and output.times"),
            std::string::npos);
  EXPECT_NE(message_of("output: {interval: 0.1, times: [0.5]}\n").find(":1:"), std::string::npos);
  EXPECT_NE(
      message_of("output: {interval: 0.1, times: [0.5]}\n").find("output.times: expected one"),
      std::string::npos);
  EXPECT_NE(message_of("output: {times: [0.5, 0.2]}\n")
                .find("output.times[1]: expected increasing "
                      "times > 0 and <= time.end = 1"),
            std::string::npos);
  EXPECT_NE(message_of("output: {times: [0.5, 2]}\n").find("output.times[1]"), std::string::npos);
  EXPECT_NE(message_of("output: {interval: -1}\n").find("output.interval: expected a time > 0"),
            std::string::npos);
  EXPECT_NE(message_of("output: {times: []}\n").find("output.times"), std::string::npos);
  EXPECT_EQ(read("output: {interval: 0.1}\n").every, 0);
}

}  // namespace
}  // namespace fickle
