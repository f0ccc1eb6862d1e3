// Scoped enums as field types (THESPIS_ENUM): the wire carries the underlying integer, decoding
// refuses a number that is not a listed enumerator, text shows the enumerator's name.
#include <algorithm>
#include <set>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <thespis/properties/gen/values.hpp>
#include <thespis/thespis.hpp>

namespace enumeration_test {

enum class Colour : std::uint8_t { red, green, blue = 7 };
THESPIS_ENUM(Colour, red, green, blue)

enum class Offset : std::int16_t { minus = -3, zero = 0 };
THESPIS_ENUM(Offset, minus, zero)

struct Paint {
  Colour colour = Colour::red;
  Offset offset = Offset::zero;
  std::vector<Colour> palette;
};
THESPIS_MESSAGE(Paint, colour, offset, palette)

}  // namespace enumeration_test

using enumeration_test::Colour;
using enumeration_test::Offset;
using enumeration_test::Paint;

namespace {

std::string paint_bytes(std::uint64_t colour, std::int64_t offset) {
  thespis::Encoder encoder;
  encoder.begin_array(2);
  encoder.write_string("Paint");
  encoder.begin_array(3);
  encoder.write_uint(colour);
  encoder.write_int(offset);
  encoder.begin_array(0);
  return std::string(encoder.bytes());
}

std::string decode_error(const std::string& bytes) {
  try {
    thespis::decode_from_bytes(bytes);
  } catch (const thespis::DecodeError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST(Enumeration, HasTheStableNameOfItsType) {
  EXPECT_EQ(thespis::type_name<Colour>(), "Colour");
  EXPECT_EQ(thespis::type_name<std::vector<Offset>>(), "vector<Offset>");
}

TEST(Enumeration, TravelsAsItsUnderlyingInteger) {
  const thespis::Message paint = Paint{Colour::blue, Offset::minus, {}};
  EXPECT_EQ(thespis::encode_to_bytes(paint), paint_bytes(7, -3));
  const thespis::Message decoded = thespis::decode_from_bytes(paint_bytes(7, -3));
  EXPECT_EQ(decoded, paint);
  EXPECT_EQ(decoded.get<Paint>().colour, Colour::blue);
}

TEST(Enumeration, ANumberThatIsNotAnEnumeratorIsRefused) {
  EXPECT_EQ(decode_error(paint_bytes(3, 0)), "Paint: Paint.colour: 3 is not a value of Colour");
  EXPECT_EQ(decode_error(paint_bytes(263, 0)), "Paint: Paint.colour: 263 is not a value of Colour")
      << "263 is 7 in eight bits: the number is checked before it is narrowed";
  EXPECT_EQ(decode_error(paint_bytes(0, -4)), "Paint: Paint.offset: -4 is not a value of Offset");
}

TEST(Enumeration, RendersAsTheEnumeratorName) {
  EXPECT_EQ(thespis::Message(Paint{Colour::green, Offset::minus, {Colour::blue, Colour::red}})
                .to_string(),
            "Paint{colour: green, offset: minus, palette: [blue, red]}");
  std::string text;
  thespis::render_value(text, static_cast<Colour>(5));
  EXPECT_EQ(text, "5") << "a value outside the list (built in memory) shows its number";
}

TEST(Enumeration, SchemaListsTheEnumerators) {
  const thespis::Schema& schema = thespis::schema_of<Offset>();
  EXPECT_EQ(schema.kind, thespis::Schema::Kind::enumeration);
  EXPECT_EQ(schema.type_name, "Offset");
  ASSERT_EQ(schema.enumerators.size(), 2u);
  EXPECT_EQ(schema.enumerators[0].name, "minus");
  EXPECT_EQ(schema.enumerators[0].value, -3);
  EXPECT_EQ(schema.elements.at(0)->type_name, "int16");
  thespis::Encoder encoder;
  thespis::encode_enumerator(encoder, schema, 0);
  thespis::Encoder expected;
  expected.write_int(-3);
  EXPECT_EQ(encoder.bytes(), expected.bytes());
}

RC_GTEST_PROP(Enumeration, ArbitraryMessagesRoundTrip, ()) {
  const thespis::Message original = *thespis::properties::gen::arbitrary<Paint>();
  RC_ASSERT(thespis::decode_from_bytes(thespis::encode_to_bytes(original)) == original);
}

TEST(Enumeration, ArbitraryValuesDrawEveryEnumeratorAndLongLists) {
  std::set<Colour> seen;
  std::size_t longest = 0;
  EXPECT_TRUE(rc::check([&] {
    const Paint paint = *thespis::properties::gen::arbitrary<Paint>();
    seen.insert(paint.colour);
    longest = std::max(longest, paint.palette.size());
  }));
  EXPECT_EQ(seen.size(), 3u);
  EXPECT_GE(longest, 5u);
}
