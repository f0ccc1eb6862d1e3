// YAML is read from the parser's events, not with YAML::Load.
//
// yaml-cpp's tree shares an anchored node among all its aliases, so ten short lines of nested
// aliases stand for a billion nodes ("billion laughs"): any walk that expands them (converting
// to Value, copying, printing) runs out of memory. Here each node that the file writes is built
// once, into a graph in which an alias points at its anchor's node, and each node knows what it
// expands to: nodes, bytes of text, levels of nesting. A running total of the expanded file
// grows by one node at each node written and by the whole expanded size at each alias, and is
// checked at once: the alias that crosses a limit is reported at its own line, column and field,
// before anything is copied. Only a graph within the limits is expanded into Values.
#include "yaml_value.hpp"

#include <algorithm>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <vector>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include "scenario_error.hpp"

namespace thespis::scenario::detail {
namespace {

struct Node;
using NodePtr = std::shared_ptr<const Node>;

/// A node as the file writes it, once; the aliases of its anchor share it.
struct Node {
  Value::Kind kind = Value::Kind::null;
  std::string scalar;
  std::vector<NodePtr> items;
  std::vector<std::pair<std::string, NodePtr>> fields;
  Mark mark;
  // What the node expands to, itself included (a mapping's keys count as nodes and text).
  std::uint64_t nodes = 1;
  std::uint64_t text = 0;
  std::size_t depth = 0;  ///< levels of lists and mappings: 0 for a scalar
};

Mark mark_of(const YAML::Mark& mark) {
  if (mark.line < 0 || mark.column < 0) return {1, 1};
  return {static_cast<std::size_t>(mark.line) + 1, static_cast<std::size_t>(mark.column) + 1};
}

/// Builds the graph of one document from the parser's events, within the limits.
class GraphBuilder final : public YAML::EventHandler {
 public:
  GraphBuilder(const std::string& origin, const LoadLimits& limits)
      : origin_(origin), limits_(limits) {}
  const NodePtr& root() const { return root_; }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    leaf(Value::Kind::null, "", mark_of(mark), anchor);
  }
  void OnScalar(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                const std::string& value) override {
    leaf(Value::Kind::scalar, value, mark_of(mark), anchor);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override;
  void OnSequenceStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value /*style*/) override {
    open(Value::Kind::list, mark_of(mark), anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value /*style*/) override {
    open(Value::Kind::map, mark_of(mark), anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  /// A list or mapping being read.
  struct Frame {
    std::shared_ptr<Node> node;
    YAML::anchor_t anchor = YAML::NullAnchor;
    std::optional<std::string> key;  ///< a mapping's key, waiting for its value
    std::set<std::string> keys;      ///< a mapping's keys so far (a list scan would be quadratic)
  };

  void leaf(Value::Kind kind, const std::string& text, const Mark& at, YAML::anchor_t anchor);
  void open(Value::Kind kind, const Mark& at, YAML::anchor_t anchor);
  void close();
  void charge(const Node& expanded, const Mark& at, bool alias);
  void place(NodePtr node, const Mark& at);
  void remember(YAML::anchor_t anchor, NodePtr node);
  bool at_key() const {
    return !stack_.empty() && stack_.back().node->kind == Value::Kind::map && !stack_.back().key;
  }
  /// The field of the node being read: "phases[0].steps[2].at".
  std::string path() const;
  [[noreturn]] void fail(const Mark& at, const std::string& field,
                         const std::string& problem) const {
    throw_scenario_error(origin_, at, field, problem);
  }

  const std::string& origin_;
  const LoadLimits& limits_;
  std::vector<Frame> stack_;
  NodePtr root_;
  std::vector<NodePtr> anchors_;  ///< by yaml-cpp's anchor number; null while the node is open
  std::uint64_t nodes_ = 0;       ///< the file so far, aliases expanded
  std::uint64_t text_ = 0;
};

void GraphBuilder::leaf(Value::Kind kind, const std::string& text, const Mark& at,
                        YAML::anchor_t anchor) {
  auto node = std::make_shared<Node>();
  node->kind = kind;
  node->scalar = text;
  node->mark = at;
  node->text = text.size();
  charge(*node, at, false);
  remember(anchor, node);
  place(std::move(node), at);
}

void GraphBuilder::open(Value::Kind kind, const Mark& at, YAML::anchor_t anchor) {
  if (at_key()) fail(at, path(), "a mapping key must be a name");
  auto node = std::make_shared<Node>();
  node->kind = kind;
  node->mark = at;
  node->depth = 1;
  charge(*node, at, false);
  if (anchor != YAML::NullAnchor) remember(anchor, nullptr);
  stack_.push_back({std::move(node), anchor, std::nullopt, {}});
}

void GraphBuilder::close() {
  Frame frame = std::move(stack_.back());
  stack_.pop_back();
  const Mark at = frame.node->mark;
  NodePtr node = std::move(frame.node);
  remember(frame.anchor, node);
  place(std::move(node), at);
}

void GraphBuilder::OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) {
  const Mark at = mark_of(mark);
  // yaml-cpp refuses an unknown anchor before this; an open one is an alias inside its anchor.
  if (anchor >= anchors_.size() || anchors_[anchor] == nullptr) {
    fail(at, path(), "this alias names a node that contains it, so it would never end");
  }
  const NodePtr target = anchors_[anchor];
  charge(*target, at, true);
  place(target, at);
}

void GraphBuilder::charge(const Node& expanded, const Mark& at, bool alias) {
  const std::string limit_note = ", the most a scenario may have";
  if (stack_.size() + expanded.depth > limits_.max_depth) {
    fail(at, path(),
         "nested more than " + std::to_string(limits_.max_depth) +
             " levels deep (aliases expanded)" + limit_note);
  }
  if (expanded.nodes > limits_.max_nodes - std::min(nodes_, limits_.max_nodes)) {
    fail(at, path(),
         (alias ? "this alias expands the file past " : "the file has more than ") +
             std::to_string(limits_.max_nodes) + " YAML nodes" + limit_note);
  }
  if (expanded.text > limits_.max_text_bytes - std::min(text_, limits_.max_text_bytes)) {
    fail(at, path(),
         (alias ? "this alias expands the file past " : "the file has more than ") +
             std::to_string(limits_.max_text_bytes) + " bytes of text" + limit_note);
  }
  nodes_ += expanded.nodes;
  text_ += expanded.text;
}

void GraphBuilder::place(NodePtr node, const Mark& at) {
  if (stack_.empty()) {
    root_ = std::move(node);
    return;
  }
  Frame& top = stack_.back();
  Node& parent = *top.node;
  parent.nodes += node->nodes;
  parent.text += node->text;
  parent.depth = std::max(parent.depth, node->depth + 1);
  if (parent.kind == Value::Kind::list) {
    parent.items.push_back(std::move(node));
  } else if (top.key) {
    parent.fields.emplace_back(std::move(*top.key), std::move(node));
    top.key.reset();
  } else {
    if (node->kind != Value::Kind::scalar) fail(at, path(), "a mapping key must be a name");
    if (!top.keys.insert(node->scalar).second) {
      const std::string here = path();
      fail(at, here.empty() ? node->scalar : here + "." + node->scalar, "given twice");
    }
    top.key = node->scalar;
  }
}

void GraphBuilder::remember(YAML::anchor_t anchor, NodePtr node) {
  if (anchor == YAML::NullAnchor) return;
  if (anchors_.size() <= anchor) anchors_.resize(anchor + 1);
  anchors_[anchor] = std::move(node);
}

std::string GraphBuilder::path() const {
  std::string out;
  for (const Frame& frame : stack_) {
    if (frame.node->kind == Value::Kind::list) {
      out += "[" + std::to_string(frame.node->items.size()) + "]";
    } else if (frame.key) {
      out += (out.empty() ? "" : ".") + *frame.key;
    }
  }
  // Deep nesting would make a line of "[0]"s; its two ends say where.
  constexpr std::size_t end = 40;
  if (out.size() > 2 * end + 3) out = out.substr(0, end) + "..." + out.substr(out.size() - end);
  return out;
}

/// Reads a document for its syntax alone, noting where it starts.
class DocumentProbe final : public YAML::EventHandler {
 public:
  Mark start;
  void OnDocumentStart(const YAML::Mark& mark) override { start = mark_of(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

/// The graph as a tree; within the limits, so the tree is as small as they say.
Value expand(const Node& node) {
  Value value;
  value.kind = node.kind;
  value.scalar = node.scalar;
  value.mark = node.mark;
  value.items.reserve(node.items.size());
  for (const NodePtr& item : node.items) value.items.push_back(expand(*item));
  value.fields.reserve(node.fields.size());
  for (const auto& [key, item] : node.fields) value.fields.emplace_back(key, expand(*item));
  return value;
}

[[noreturn]] void no_document(const std::string& text, const std::string& origin) {
  const bool blank = std::all_of(text.begin(), text.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  });
  throw_scenario_error(origin, {1, 1}, "",
                       blank ? "the file is empty" : "the file has only comments, no scenario");
}

}  // namespace

Value parse_yaml(const std::string& text, const std::string& origin, const LoadLimits& limits) {
  NodePtr root;
  try {
    // First the syntax alone, as YAML::Load did, so that a syntax error is reported wherever
    // it is, before any problem the builder finds earlier in the file.
    {
      std::istringstream in(text);
      YAML::Parser parser(in);
      DocumentProbe probe;
      if (!parser.HandleNextDocument(probe)) no_document(text, origin);
      if (parser.HandleNextDocument(probe)) {
        throw_scenario_error(origin, probe.start, "",
                             "a second YAML document starts here; a scenario file holds one");
      }
    }
    std::istringstream in(text);
    YAML::Parser parser(in);
    GraphBuilder builder(origin, limits);
    parser.HandleNextDocument(builder);
    root = builder.root();
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's own guard (2000 levels) says only "bad file".
    throw_scenario_error(origin, mark_of(e.mark), "",
                         "nested more than " + std::to_string(limits.max_depth) +
                             " levels deep, the most a scenario may have");
  } catch (const YAML::Exception& e) {
    throw_scenario_error(origin, mark_of(e.mark), "yaml", e.msg);
  }
  if (root == nullptr) {
    Value nothing;
    nothing.mark = {1, 1};
    return nothing;
  }
  return expand(*root);
}

}  // namespace thespis::scenario::detail
