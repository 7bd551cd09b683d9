// The one rule by which text becomes a number (geo/numbers.h), and what makes a geometry unusable
// before any library sees it (geo::structural_problem): each case worked out by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "geo/geometry.h"
#include "geo/numbers.h"

namespace {

TEST(ReadNumber, NumbersAsPlannersWriteThem) {
  EXPECT_EQ(geo::read_number("300").value, 300.0);
  EXPECT_EQ(geo::read_number(" 300 ").value, 300.0);
  EXPECT_EQ(geo::read_number("-2.5").value, -2.5);
  EXPECT_EQ(geo::read_number("+5").value, 5.0);
  EXPECT_EQ(geo::read_number(".5").value, 0.5);
  EXPECT_EQ(geo::read_number("1e3").value, 1000.0);
  EXPECT_EQ(geo::read_number("12,000").value, 12000.0);
  EXPECT_EQ(geo::read_number("1,234,567.5").value, 1234567.5);
  EXPECT_EQ(geo::read_number("１２３").value, 123.0);  // full-width digits
  EXPECT_EQ(geo::read_number("１２．５").value, 12.5);
}

TEST(ReadNumber, WanIsTenThousand) {
  const auto r = geo::read_number("1.2万");
  EXPECT_EQ(r.value, 12000.0);
  EXPECT_TRUE(r.in_wan);
  EXPECT_EQ(geo::read_number("3 万").value, 30000.0);
  EXPECT_FALSE(geo::read_number("300").in_wan);
  EXPECT_FALSE(geo::read_number("万").value);
}

TEST(ReadNumber, WhatIsNotANumberIsRefusedNeverZeroOrCut) {
  for (const char* text : {"", " ", "-", ".", "约300", "300户", "约300户", "1.2.3", "**********", "NaN", "nan", "inf", "-inf",
                           "Infinity", "0x1A", "1e999", "1,2345", "1234,567", "12,00", ",300", "300,", "1,000,00", "3-4", "一百", "1.2亿"}) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(geo::read_number(text).value.has_value());
  }
}

geo::Geometry polygon(geo::Path ring) { return geo::Geometry::polygon(std::move(ring)); }

TEST(StructuralProblem, RingsThatCannotBeAreas) {
  EXPECT_FALSE(geo::structural_problem(polygon({{0, 0}, {1, 0}, {1, 1}, {0, 0}})));
  const auto three = geo::structural_problem(polygon({{0, 0}, {1, 0}, {0, 0}}));
  ASSERT_TRUE(three);
  EXPECT_EQ(*three, "the outer ring has 3 points: a ring needs at least 4 (three corners and the first repeated at the end)");
  const auto open = geo::structural_problem(polygon({{0, 0}, {1, 0}, {1, 1}, {0, 1}}));
  ASSERT_TRUE(open);
  EXPECT_NE(open->find("is not closed"), std::string::npos) << *open;
  const auto hole = geo::structural_problem(geo::Geometry::polygon({{0, 0}, {9, 0}, {9, 9}, {0, 0}}, {{{1, 1}, {2, 1}, {1, 1}}}));
  ASSERT_TRUE(hole);
  EXPECT_NE(hole->find("hole 1 has 3 points"), std::string::npos) << *hole;
}

TEST(StructuralProblem, CoordinatesThatAreNotNumbers) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(*geo::structural_problem(geo::Geometry::point({nan, 1})), "point 1 of part 1 has an x coordinate that is not a finite number");
  EXPECT_EQ(*geo::structural_problem(geo::Geometry::line({{0, 0}, {1, inf}})),
            "point 2 of part 1 has a y coordinate that is not a finite number");
  EXPECT_TRUE(geo::structural_problem(geo::Geometry::line({{0, 0}})));
  EXPECT_FALSE(geo::structural_problem(geo::Geometry::line({{0, 0}, {1, 1}})));
  EXPECT_FALSE(geo::structural_problem(geo::Geometry{}));
}

}  // namespace
