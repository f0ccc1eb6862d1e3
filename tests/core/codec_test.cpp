#include <chrono>
#include <limits>
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

// One-byte values cost 24 bytes each of decoded tree: a total bound keeps a frame of nils from
// costing 25 times its size (32 MB of nils used to cost +824 MB).
TEST(Codec, TheTotalNumberOfValuesIsBounded) {
  thespis::Encoder encoder;
  encoder.begin_array(1000);
  for (int i = 0; i < 1000; ++i) encoder.write_nil();
  thespis::ByteDecoder roomy;
  EXPECT_EQ(roomy.parse(encoder.bytes()).array_size(), 1000u);
  thespis::ByteDecoder tight(thespis::DecodeLimits{.max_elements = 1000});
  try {
    (void)tight.parse(encoder.bytes());  // 1001 values: the array and its elements
    FAIL() << "1001 values over a bound of 1000 must be refused";
  } catch (const thespis::DecodeError& e) {
    EXPECT_NE(std::string(e.what()).find("more than 1000 values"), std::string::npos) << e.what();
  }
}

TEST(Codec, TheDefaultBoundRefusesFourMegabytesOfNils) {
  std::string bytes = "\xdd\x00\x40\x00\x00";  // an array of 4Mi elements
  bytes.append(std::size_t{4} << 20, '\xc0');
  EXPECT_THROW(thespis::decode_from_bytes(bytes), thespis::DecodeError);
}

// msgpack-cxx allocates a container's storage when it reads the header: a count must be backed
// by bytes before that happens, also several levels deep.
TEST(Codec, ADeclaredCountMustFitInTheBytesLeft) {
  const std::string claim = "\xdd\x00\xff\xff\xff";  // an array of 16Mi - 1 elements, no bytes
  EXPECT_THROW(thespis::decode_from_bytes(claim), thespis::DecodeError);
  std::string nested;
  for (int i = 0; i < 60; ++i) nested += "\xde\x7f\xff";  // maps of 32767 entries, nested
  try {
    thespis::ByteDecoder decoder;
    (void)decoder.parse(nested);
    FAIL() << "the counts promise more values than there are bytes";
  } catch (const thespis::DecodeError& e) {
    EXPECT_NE(std::string(e.what()).find("promised"), std::string::npos) << e.what();
  }
  thespis::Encoder fits;
  fits.begin_map(1);
  fits.write_string("k");
  fits.begin_array(2);
  fits.write_nil();
  fits.write_nil();
  thespis::ByteDecoder decoder;
  EXPECT_EQ(decoder.parse(fits.bytes()).value(0).array_size(), 2u);
}

TEST(Codec, NestingDeeperThanTheLimitIsRefused) {
  const std::string deep = std::string(65, '\x91') + '\xc0';  // 65 arrays of one element
  EXPECT_THROW(thespis::decode_from_bytes(deep), thespis::DecodeError);
  thespis::ByteDecoder decoder;
  EXPECT_NO_THROW((void)decoder.parse(std::string(64, '\x91') + '\xc0'));
}

TEST(Codec, ADoubleBeyondTheRangeOfFloatIsRefused) {
  thespis::Encoder encoder;
  encoder.begin_array(2);
  encoder.write_string("float");
  encoder.write_double(1e300);
  EXPECT_THROW(thespis::decode_from_bytes(encoder.bytes()), thespis::DecodeError);
  const thespis::Message infinite = std::numeric_limits<float>::infinity();
  EXPECT_EQ(thespis::decode_from_bytes(thespis::encode_to_bytes(infinite)), infinite);
}

// msgpack-cxx folds integral doubles into integers, converting 2^64 out of range (undefined
// behaviour): found by the message decoder fuzzer from uint64's maximum read as a double.
TEST(Codec, TwoToTheSixtyFourRoundTripsAsADouble) {
  const thespis::Message big = 18446744073709551616.0;
  EXPECT_EQ(thespis::decode_from_bytes(thespis::encode_to_bytes(big)), big);
  thespis::Encoder encoder;
  encoder.begin_array(2);
  encoder.write_string("double");
  encoder.write_uint(std::numeric_limits<std::uint64_t>::max());
  const thespis::Message read = thespis::decode_from_bytes(encoder.bytes());
  EXPECT_EQ(read.get<double>(), 18446744073709551616.0);
  EXPECT_EQ(thespis::decode_from_bytes(thespis::encode_to_bytes(read)), read);
}

TEST(Codec, ANotANumberEqualsItsOwnCopy) {
  const thespis::Message nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(thespis::decode_from_bytes(thespis::encode_to_bytes(nan)), nan);
  const thespis::Message capabilities =
      thespis::Capabilities{{"Load", std::numeric_limits<double>::quiet_NaN()}};
  EXPECT_EQ(thespis::decode_from_bytes(thespis::encode_to_bytes(capabilities)), capabilities);
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
