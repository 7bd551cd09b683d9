#include "geo/shapefile_checks.h"

#include <iconv.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <cstring>

#include <fmt/format.h>

#include "geo/gdal_io.h"
#include "geo/text.h"

namespace geo {

namespace fs = std::filesystem;

namespace {

std::uint32_t big_endian(const unsigned char* b) {
  return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) | b[3];
}
std::uint32_t little_endian(const unsigned char* b) {
  return (std::uint32_t{b[3]} << 24) | (std::uint32_t{b[2]} << 16) | (std::uint32_t{b[1]} << 8) | b[0];
}

const char* shape_type_name(std::uint32_t t) {
  switch (t) {
    case 0: return "Null";
    case 1: case 11: case 21: return "Point";
    case 3: case 13: case 23: return "PolyLine";
    case 5: case 15: case 25: return "Polygon";
    case 8: case 18: case 28: return "MultiPoint";
    case 31: return "MultiPatch";
  }
  return "unknown";
}
int family(std::uint32_t t) { return t == 0 ? 0 : static_cast<int>(t % 10); }

struct ShpRecords {
  std::uint32_t header_type = 0;
  std::int64_t count = 0;
  std::map<std::uint32_t, std::int64_t> types;  // record shape type -> how many
  std::int64_t first_other = -1;                // first record whose type contradicts the header
  bool truncated = false;
};

std::optional<ShpRecords> read_shp(const fs::path& shp, std::vector<Finding>& findings) {
  std::ifstream in(shp, std::ios::binary);
  std::array<unsigned char, 100> header{};
  in.read(reinterpret_cast<char*>(header.data()), 100);
  const std::string name = shp.filename().string();
  if (in.gcount() != 100 || big_endian(header.data()) != 9994) {
    findings.push_back({Severity::Error, "shp_header", name + " does not start with a Shapefile header (file code 9994): it is damaged "
                                                               "or not a Shapefile", {}});
    return std::nullopt;
  }
  ShpRecords r;
  r.header_type = little_endian(header.data() + 32);
  const std::uintmax_t declared = std::uintmax_t{big_endian(header.data() + 24)} * 2;
  const std::uintmax_t actual = fs::file_size(shp);
  if (declared != actual)
    findings.push_back({Severity::Warning, "shp_length",
                        fmt::format("{}'s header gives its length as {} bytes but it has {}: the file was cut short or appended to",
                                    name, declared, actual),
                        {}});
  std::uintmax_t offset = 100;
  std::array<unsigned char, 12> rec{};
  while (offset + 8 <= actual) {
    in.seekg(static_cast<std::streamoff>(offset));
    in.read(reinterpret_cast<char*>(rec.data()), 12);
    if (in.gcount() < 8) break;
    const std::uintmax_t length = std::uintmax_t{big_endian(rec.data() + 4)} * 2;
    if (offset + 8 + length > actual || length < 4) {
      r.truncated = true;
      break;
    }
    const std::uint32_t type = little_endian(rec.data() + 8);
    ++r.types[type];
    if (type != 0 && family(type) != family(r.header_type) && r.first_other < 0) r.first_other = r.count;
    ++r.count;
    offset += 8 + length;
  }
  if (r.truncated)
    findings.push_back({Severity::Error, "shp_truncated",
                        fmt::format("{} ends inside record {}: the records after {} are lost", name, r.count + 1, r.count), {}});
  if (r.first_other >= 0) {
    std::string kinds;
    for (const auto& [t, n] : r.types) kinds += (kinds.empty() ? "" : ", ") + fmt::format("{} {}", n, shape_type_name(t));
    findings.push_back({Severity::Error, "shp_type_contradicted",
                        fmt::format("{}'s header says its shapes are {} but its records hold {} (first other: record {}): GDAL "
                                    "reads them as the header says; the file was written wrongly",
                                    name, shape_type_name(r.header_type), kinds, r.first_other),
                        {r.first_other}});
  }
  return r;
}

struct DbfField {
  std::string name;
  char type = 'C';
  std::size_t offset = 0;  // within the record, after the deletion flag
  std::size_t length = 0;
};

}  // namespace

ShapefileCheck check_shapefile(const std::string& path) {
  ShapefileCheck out;
  const fs::path given = fs::u8path(path);
  auto& findings = out.findings;
  std::optional<ShpRecords> shp;
  if (auto shp_path = sibling_with_extension(given, ".shp")) shp = read_shp(*shp_path, findings);

  std::optional<std::int64_t> shx_count;
  if (auto shx = sibling_with_extension(given, ".shx")) {
    const std::uintmax_t size = fs::file_size(*shx);
    if (size < 100 || (size - 100) % 8 != 0)
      findings.push_back({Severity::Error, "shx_damaged", shx->filename().string() + " is not a whole index (" + std::to_string(size) +
                                                              " bytes): GDAL may skip or misplace shapes",
                          {}});
    else
      shx_count = static_cast<std::int64_t>((size - 100) / 8);
  } else if (shp) {
    findings.push_back({Severity::Error, "shx_missing",
                        "no .shx beside " + given.filename().string() + ": GDAL cannot find the shapes without their index "
                        "(ogr2ogr --config SHAPE_RESTORE_SHX YES rebuilds it)",
                        {}});
  }

  const auto dbf = sibling_with_extension(given, ".dbf");
  std::optional<std::int64_t> dbf_count;
  if (!dbf) {
    findings.push_back({Severity::Error, "dbf_missing",
                        "no .dbf beside " + given.filename().string() + ": the features have no attributes (households, floor area, "
                        "ids); copy the .dbf that belongs with it",
                        {}});
    out.attributes_unpaired = true;
  } else {
    std::ifstream in(*dbf, std::ios::binary);
    std::array<unsigned char, 32> h{};
    in.read(reinterpret_cast<char*>(h.data()), 32);
    const std::string name = dbf->filename().string();
    const std::uintmax_t size = fs::file_size(*dbf);
    if (in.gcount() != 32) {
      findings.push_back({Severity::Error, "dbf_damaged", name + " is shorter than a dBase header: the attributes are lost", {}});
      out.attributes_unpaired = true;
    } else {
      const std::uint32_t records = little_endian(h.data() + 4);
      const std::size_t header_length = h[8] | (h[9] << 8);
      const std::size_t record_length = h[10] | (h[11] << 8);
      std::vector<DbfField> fields;
      std::size_t offset = 1;
      for (std::size_t at = 32; at + 32 <= header_length; at += 32) {
        std::array<unsigned char, 32> d{};
        in.seekg(static_cast<std::streamoff>(at));
        in.read(reinterpret_cast<char*>(d.data()), 32);
        if (in.gcount() != 32 || d[0] == 0x0D) break;
        DbfField f;
        f.name.assign(reinterpret_cast<const char*>(d.data()), strnlen(reinterpret_cast<const char*>(d.data()), 11));
        f.type = static_cast<char>(d[11]);
        f.length = d[16];
        f.offset = offset;
        offset += f.length;
        fields.push_back(std::move(f));
      }
      if (header_length < 33 || record_length == 0 || offset != record_length) {
        findings.push_back({Severity::Error, "dbf_damaged",
                            fmt::format("{}'s header contradicts itself (record length {}, its fields add up to {}): the attributes "
                                        "cannot be read reliably",
                                        name, record_length, offset),
                            {}});
        out.attributes_unpaired = true;
      } else {
        const std::uintmax_t needed = header_length + std::uintmax_t{records} * record_length;
        const std::int64_t held = size < header_length ? 0 : static_cast<std::int64_t>((size - header_length) / record_length);
        dbf_count = std::min<std::int64_t>(records, held);
        if (size < needed) {
          findings.push_back({Severity::Error, "dbf_header_lies",
                              fmt::format("{}'s header says it holds {} records but the file has room for {}: it was cut short, "
                                          "and the last features have no attributes",
                                          name, records, held),
                              {}});
          out.attributes_unpaired = true;
        }
        // Deleted records (GDAL skips them) and number fields filled with asterisks.
        std::int64_t deleted = 0, first_deleted = -1;
        std::string record(record_length, '\0');
        in.seekg(static_cast<std::streamoff>(header_length));
        for (std::int64_t r = 0; r < *dbf_count; ++r) {
          in.read(record.data(), static_cast<std::streamsize>(record_length));
          if (static_cast<std::size_t>(in.gcount()) != record_length) break;
          if (record[0] == '*') {
            if (first_deleted < 0) first_deleted = r;
            ++deleted;
          }
          for (const auto& f : fields) {
            if (f.type != 'N' && f.type != 'F') continue;
            const std::string_view cell(record.data() + f.offset, f.length);
            if (cell.find('*') != std::string_view::npos && cell.find_first_not_of("* ") == std::string_view::npos)
              out.overflows.push_back({r, static_cast<int>(&f - fields.data()), repaired_utf8(f.name)});
          }
        }
        if (deleted > 0)
          findings.push_back({Severity::Warning, "dbf_deleted_records",
                              fmt::format("{} holds {} record(s) marked deleted (first: record {}); GDAL skips them, so feature "
                                          "ids run past them; pack the file (e.g. ogr2ogr) if they should be gone",
                                          name, deleted, first_deleted),
                              {}});
        if (!out.overflows.empty()) {
          std::vector<std::int64_t> ids;
          for (std::size_t k = 0; k < out.overflows.size() && k < kMaxListedFeatures; ++k) ids.push_back(out.overflows[k].record);
          findings.push_back({Severity::Warning, "dbf_asterisks",
                              fmt::format("{} number value(s) in {} are asterisks (first: record {}, field {}): dBase's mark of "
                                          "an empty value, also written when a number did not fit the field's width; they are "
                                          "read as unknown, never 0 — if numbers were meant, export with wider fields",
                                          out.overflows.size(), name, out.overflows.front().record, out.overflows.front().field),
                              ids});
        }
      }
    }
  }

  if (shp) {
    std::vector<std::string> counts;
    counts.push_back(fmt::format(".shp {}", shp->count));
    if (shx_count) counts.push_back(fmt::format(".shx {}", *shx_count));
    if (dbf_count) counts.push_back(fmt::format(".dbf {}", *dbf_count));
    const bool disagree = (shx_count && *shx_count != shp->count) || (dbf_count && *dbf_count != shp->count);
    if (disagree && !shp->truncated) {
      std::string list;
      for (const auto& c : counts) list += (list.empty() ? "" : ", ") + c;
      findings.push_back({Severity::Error, "record_counts_disagree",
                          "the Shapefile's files hold different numbers of records (" + list +
                              "): attributes would be paired with the wrong shapes; rewrite it from its source",
                          {}});
      out.attributes_unpaired = true;
    }
  }

  if (auto cpg = sibling_with_extension(given, ".cpg")) {
    const std::string text = read_text_file(*cpg);
    // GDAL takes a code page number (936, 65001, 1252 …) or a name iconv knows.
    const bool number = !text.empty() && std::all_of(text.begin(), text.end(), ::isdigit);
    std::string as_iconv = number ? (text == "65001" ? "UTF-8" : "CP" + text) : text;
    iconv_t cd = iconv_open("UTF-8", as_iconv.c_str());
    if (cd == reinterpret_cast<iconv_t>(-1)) {
      findings.push_back({Severity::Error, "cpg_unknown",
                          fmt::format("{} names the encoding '{}', which is none GDAL can read: Chinese text would be garbled; "
                                      "write UTF-8 or GBK in it (or give --encoding)",
                                      cpg->filename().string(), repaired_utf8(text.substr(0, 40))),
                          {}});
    } else {
      iconv_close(cd);
    }
  }
  return out;
}

}  // namespace geo
