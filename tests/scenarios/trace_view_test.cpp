// The picture of a trace: how events pair into links, and a page that trace text cannot break.
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <thespis/scenario/trace_view.hpp>

namespace thespis::scenario {
namespace {

TraceRecord record(std::uint64_t index, std::string kind, std::string actor, std::string other,
                   std::string message = "Ping{}") {
  TraceRecord r;
  r.index = index;
  r.time_ns = static_cast<std::int64_t>(index) * 1000;
  r.kind = std::move(kind);
  r.actor = std::move(actor);
  r.other = std::move(other);
  r.node = "n" + r.actor.substr(1, 1);
  r.type = message.substr(0, message.find('{'));
  r.message = std::move(message);
  return r;
}

std::vector<std::pair<std::optional<std::size_t>, std::size_t>> ends(
    const std::vector<TraceLink>& links, LinkKind kind) {
  std::vector<std::pair<std::optional<std::size_t>, std::size_t>> out;
  for (const TraceLink& link : links) {
    if (link.kind == kind) out.emplace_back(link.from, link.to);
  }
  return out;
}

using Ends = std::vector<std::pair<std::optional<std::size_t>, std::size_t>>;

TEST(TraceLinks, SameMessagesPairFirstInFirstOut) {
  const std::vector<TraceRecord> trace{record(0, "send", "@1.1", "@2.1"),
                                       record(1, "send", "@1.1", "@2.1"),
                                       record(2, "send", "@1.1", "@2.1", "Ping{n: 2}"),
                                       record(3, "deliver", "@2.1", "@1.1", "Ping{n: 2}"),
                                       record(4, "deliver", "@2.1", "@1.1"),
                                       record(5, "drop", "@2.1", "@1.1")};
  const auto links = trace_links(trace);
  EXPECT_EQ(ends(links, LinkKind::delivered), (Ends{{2, 3}, {0, 4}}));
  EXPECT_EQ(ends(links, LinkKind::dropped), (Ends{{1, 5}}));
}

TEST(TraceLinks, ACauseWinsOverTheOrder) {
  std::vector<TraceRecord> trace{record(0, "send", "@1.1", "@2.1"),
                                 record(1, "send", "@1.1", "@2.1"),
                                 record(2, "deliver", "@2.1", "@1.1")};
  trace[2].cause = 1;  // the network reordered them
  EXPECT_EQ(ends(trace_links(trace), LinkKind::delivered), (Ends{{1, 2}}));
}

TEST(TraceLinks, ADuplicateIsDeliveredTwiceFromOneSend) {
  const std::vector<TraceRecord> trace{
      record(0, "send", "@1.1", "@2.1"), record(1, "duplicate", "@2.1", "@1.1"),
      record(2, "deliver", "@2.1", "@1.1"), record(3, "deliver", "@2.1", "@1.1"),
      record(4, "corrupt", "@2.1", "@1.1")};
  const auto links = trace_links(trace);
  EXPECT_EQ(ends(links, LinkKind::duplicated), (Ends{{0, 1}}));
  EXPECT_EQ(ends(links, LinkKind::delivered), (Ends{{0, 2}, {0, 3}}));
  // Nothing left to match: the corrupt frame came from outside what the trace recorded.
  EXPECT_EQ(ends(links, LinkKind::corrupt), (Ends{{std::nullopt, 4}}));
}

TEST(TraceLinks, ATimerFiresAndItsWakeupIsDelivered) {
  const std::string wakeup = "WakeupMessage{delay: 5ns}";
  const std::vector<TraceRecord> trace{record(0, "timer_set", "@1.1", "@1.1", wakeup),
                                       record(1, "timer_fire", "@1.1", "@1.1", wakeup),
                                       record(2, "deliver", "@1.1", "@1.1", wakeup)};
  const auto links = trace_links(trace);
  EXPECT_EQ(ends(links, LinkKind::timer), (Ends{{0, 1}}));
  EXPECT_EQ(ends(links, LinkKind::wakeup), (Ends{{1, 2}}));
}

TEST(TraceLinks, EveryDeliveryEndsOneLink) {
  const std::vector<TraceRecord> trace{record(0, "deliver", "@2.1", "@1.1"),
                                       record(1, "send", "@1.1", "@2.1"),
                                       record(2, "deliver", "@2.1", "@1.1")};
  EXPECT_EQ(ends(trace_links(trace), LinkKind::delivered), (Ends{{std::nullopt, 0}, {1, 2}}));
}

std::string page_of(const std::vector<TraceRecord>& trace, HtmlViewOptions options = {}) {
  std::ostringstream out;
  write_html_view(trace, options, out);
  return out.str();
}

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

TEST(HtmlView, TraceTextCannotEndTheDataOrOpenMarkup) {
  const std::string hostile = "</script><script>alert(1)</script><!--";
  std::vector<TraceRecord> trace{record(0, "send", "@1.1", "@2.1", "Ping{x: \"" + hostile + "\"}")};
  trace[0].node = hostile;
  trace[0].text = "\xe2\x80\xa8 line separator, a cut \xe2\x80 character";
  HtmlViewOptions options;
  options.title = "<b>title</b>";
  const std::string page = page_of(trace, options);
  // The page's own two scripts only: the data's `<` and `>` are escaped inside JSON strings.
  EXPECT_EQ(count(page, "</script>"), 2u);
  EXPECT_EQ(count(page, "<script"), 2u);
  EXPECT_EQ(page.find("alert(1)</"), std::string::npos);
  EXPECT_NE(page.find(R"(\u003c/script\u003e\u003cscript\u003ealert(1))"), std::string::npos);
  EXPECT_NE(page.find("\\u2028 line separator"), std::string::npos);
  // Bytes that are no UTF-8 would make the whole page's data unreadable to JSON.parse.
  EXPECT_NE(page.find("a cut \\ufffd\\ufffd character"), std::string::npos);
  EXPECT_NE(page.find("<title>&lt;b&gt;title&lt;/b&gt;</title>"), std::string::npos);
}

TEST(HtmlView, ThePageIsWholeWithoutTheNetwork) {
  const std::string page = page_of({record(0, "send", "@1.1", "@2.1")});
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(page.find("{{"), std::string::npos) << "a template field was left unfilled";
  EXPECT_EQ(page.find("src="), std::string::npos);
  EXPECT_EQ(page.find("<link"), std::string::npos);
  EXPECT_NE(page.find("function"), std::string::npos) << "the script is not embedded";
  EXPECT_NE(page.find(".lane-line"), std::string::npos) << "the style is not embedded";
}

TEST(HtmlView, TheChainAndTheViolationAreFlaggedInTheData) {
  std::vector<TraceRecord> trace{record(0, "send", "@1.1", "@2.1"),
                                 record(1, "deliver", "@2.1", "@1.1"),
                                 record(2, "check", "@null", "@null")};
  trace[2].text = "violated: safe";
  trace[2].type.clear();
  trace[2].message.clear();
  HtmlViewOptions options;
  options.highlighted = {1, 2};
  const std::string page = page_of(trace, options);
  // Nine numbers an event; the last is its flags (1: in the chain, 2: a violation).
  EXPECT_NE(
      page.find("\"ev\":[0,0,0,1,0,1,-1,-1,0,1000,1,1,0,0,1,-1,-1,1,2000,2,-1,-1,-1,-1,2,-1,3]"),
      std::string::npos)
      << page.substr(page.find("\"ev\":"), 200);
}

}  // namespace
}  // namespace thespis::scenario
