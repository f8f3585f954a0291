// exhibit/lido_export.h: LIDO 1.1 records, so that other museums and aggregators (Europeana,
// national inventories) can take in our artifacts. One record per artifact; the model and its
// levels of detail are the record's resources.
#pragma once
#include <string>

#include "exhibit/exhibit.h"

namespace heritage::exhibit {

// A lido:lidoWrap document (UTF-8 XML) with one lido:lido record per artifact, valid against
// the LIDO 1.1 XML Schema. Texts go out in every language they have, each with its xml:lang.
// Precondition: `package` is valid (read_package reported no error).
std::string export_lido(const Package& package);

}  // namespace heritage::exhibit
