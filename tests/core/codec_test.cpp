#include <chrono>
#include <map>
#include <optional>
#include <variant>

#include <gtest/gtest.h>

#include <thespis/thespis.hpp>

using namespace std::chrono_literals;

namespace codec_test {

struct Point {
  std::int32_t x = 0;
  std::int32_t y = 0;
};
THESPIS_MESSAGE(Point, x, y)

struct Order {
  std::string id;
  std::vector<Point> path;
  std::map<std::string, double> prices;
  std::optional<std::string> note;
  std::variant<std::int64_t, std::string> tag;
  std::chrono::milliseconds deadline{};
  thespis::ActorAddress reply_to;
  thespis::Message attachment;
  bool urgent = false;
  std::uint8_t priority = 0;
};
THESPIS_MESSAGE(Order, id, path, prices, note, tag, deadline, reply_to, attachment, urgent,
                priority)

struct Tick {};
THESPIS_MESSAGE(Tick)

}  // namespace codec_test

using codec_test::Order;
using codec_test::Point;
using codec_test::Tick;

namespace {

Order sample_order() {
  Order order;
  order.id = "o-1";
  order.path = {{1, 2}, {-3, 4}};
  order.prices = {{"apple", 1.5}, {"pear", 2.25}};
  order.note = "fragile \"glass\"";
  order.tag = std::string("blue");
  order.deadline = 250ms;
  order.reply_to = thespis::ActorAddress(1, 7);
  order.attachment = Point{5, 6};
  order.urgent = true;
  order.priority = 200;
  return order;
}

}  // namespace

TEST(Codec, UserMessageRoundTripsWithEveryFieldKind) {
  const thespis::Message original = sample_order();
  const thespis::Message decoded = thespis::decode_from_bytes(thespis::encode_to_bytes(original));
  ASSERT_TRUE(decoded.is<Order>());
  EXPECT_EQ(decoded, original);
  const Order& order = decoded.get<Order>();
  EXPECT_EQ(order.path.at(1).x, -3);
  EXPECT_EQ(order.attachment.get<Point>().y, 6);
  EXPECT_EQ(std::get<std::string>(order.tag), "blue");
  EXPECT_NE(decoded.value(), original.value()) << "decoding must build a new value";
}

TEST(Codec, EqualityComparesFieldByField) {
  Order changed = sample_order();
  changed.path.at(1).y = 99;
  EXPECT_NE(thespis::Message(changed), thespis::Message(sample_order()));
  EXPECT_EQ(thespis::Message(sample_order()), thespis::Message(sample_order()));
  EXPECT_NE(thespis::Message(std::int32_t{1}), thespis::Message(std::int64_t{1}));
}

TEST(Codec, RendersReadableText) {
  EXPECT_EQ(thespis::Message(Point{1, -2}).to_string(), "Point{x: 1, y: -2}");
  EXPECT_EQ(thespis::Message("a\"b").to_string(), "\"a\\\"b\"");
  EXPECT_EQ(thespis::Message(Tick{}).to_string(), "Tick{}");
  EXPECT_EQ((thespis::Message(thespis::WakeupMessage{100ms, "x"}).to_string()),
            "WakeupMessage{delay: 100000000ns, payload: \"x\"}");
  EXPECT_EQ(thespis::Message(std::vector<std::string>{"a", "b"}).to_string(), "[\"a\", \"b\"]");
}

TEST(Codec, UnknownTypeNameIsNamedInTheError) {
  thespis::Encoder encoder;
  encoder.begin_array(2);
  encoder.write_string("NoSuchMessage");
  encoder.begin_array(0);
  try {
    thespis::decode_from_bytes(encoder.bytes());
    FAIL() << "decoding an unregistered type must throw";
  } catch (const thespis::UnknownTypeError& e) {
    EXPECT_EQ(e.type_name(), "NoSuchMessage");
    EXPECT_NE(std::string(e.what()).find("'NoSuchMessage'"), std::string::npos) << e.what();
  }
}

TEST(Codec, BodyOfTheWrongShapeIsADecodeErrorNamingTheField) {
  thespis::Encoder encoder;
  encoder.begin_array(2);
  encoder.write_string("Point");
  encoder.begin_array(2);
  encoder.write_int(1);
  encoder.write_string("not a number");
  try {
    thespis::decode_from_bytes(encoder.bytes());
    FAIL();
  } catch (const thespis::DecodeError& e) {
    EXPECT_STREQ(e.what(), "Point: Point.y: expected integer, found string");
  }
}

TEST(Codec, WrongFieldCountIsRejected) {
  thespis::Encoder encoder;
  encoder.begin_array(2);
  encoder.write_string("Point");
  encoder.begin_array(1);
  encoder.write_int(1);
  EXPECT_THROW(thespis::decode_from_bytes(encoder.bytes()), thespis::DecodeError);
}

TEST(Codec, IntegerOutOfRangeIsRejected) {
  thespis::Encoder encoder;
  encoder.begin_array(2);
  encoder.write_string("int8");
  encoder.write_int(300);
  EXPECT_THROW(thespis::decode_from_bytes(encoder.bytes()), thespis::DecodeError);
}

TEST(Codec, TruncatedAndGarbageBytesAreRejectedWithoutCrashing) {
  const std::string bytes = thespis::encode_to_bytes(sample_order());
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    EXPECT_THROW(thespis::decode_from_bytes(bytes.substr(0, cut)), thespis::Error) << "cut " << cut;
  }
  EXPECT_THROW(thespis::decode_from_bytes(bytes + "x"), thespis::DecodeError);
  const std::string huge_array_claim = "\xdd\xff\xff\xff\xff";  // array of 2^32-1 elements
  EXPECT_THROW(thespis::decode_from_bytes(huge_array_claim), thespis::DecodeError);
}

TEST(Codec, EmptyMessageRoundTrips) {
  const thespis::Message empty;
  EXPECT_TRUE(thespis::decode_from_bytes(thespis::encode_to_bytes(empty)).empty());
}

TEST(Message, GetOfTheWrongTypeThrowsBadMessageCast) {
  const thespis::Message m = Point{1, 2};
  EXPECT_TRUE(m.is<Point>());
  EXPECT_FALSE(m.is<Tick>());
  EXPECT_EQ(m.get_if<Tick>(), nullptr);
  EXPECT_THROW((void)m.get<Tick>(), thespis::BadMessageCast);
  EXPECT_EQ(m.type_name(), "Point");
}

TEST(MessageRegistry, BuiltInNamesAreStable) {
  EXPECT_EQ(thespis::type_name<std::int32_t>(), "int32");
  EXPECT_EQ(thespis::type_name<std::vector<std::string>>(), "vector<string>");
  EXPECT_EQ((thespis::type_name<std::map<std::string, std::int64_t>>()), "map<string,int64>");
  EXPECT_EQ(thespis::type_name<std::chrono::milliseconds>(), "milliseconds");
  EXPECT_NE(thespis::find_message_type("vector<ActorAddress>"), nullptr);
  EXPECT_NE(thespis::find_message_type("ActorExitRequest"), nullptr);
  EXPECT_TRUE(thespis::message_type<thespis::PoisonMessage>().is_system);
  EXPECT_FALSE(thespis::message_type<Point>().is_system);
  EXPECT_THROW((void)thespis::message_type_named("Nope"), thespis::UnknownTypeError);
}
