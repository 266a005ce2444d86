#include "columnar/column.h"

namespace ocpagg::columnar {

size_t StorageWidth(Storage storage, size_t type_length) {
  switch (storage) {
    case Storage::kBool:
      return 1;
    case Storage::kInt32:
    case Storage::kFloat:
      return 4;
    case Storage::kInt64:
    case Storage::kDouble:
      return 8;
    case Storage::kInt96:
      return 12;
    case Storage::kFixedLenByteArray:
      return type_length;
    case Storage::kByteArray:
      return 0;
  }
  return 0;
}

}  // namespace ocpagg::columnar
