# Every dependency comes from Debian's packages (see scripts/packages.txt).
find_package(PkgConfig REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(simdjson REQUIRED)
find_package(CLI11 REQUIRED)
find_package(OpenSSL REQUIRED COMPONENTS Crypto)
find_package(Threads REQUIRED)
pkg_check_modules(SPM REQUIRED IMPORTED_TARGET sentencepiece)
pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash)
pkg_check_modules(UCHARDET REQUIRED IMPORTED_TARGET uchardet)
# NFKC and case folding for duplicate detection (text/comparabletext). Its pkg-config file also
# gives -DUTF8PROC_EXPORTS, which is for building utf8proc itself: only its paths are taken.
pkg_check_modules(UTF8PROC REQUIRED libutf8proc)
add_library(glossa_utf8proc INTERFACE)
target_include_directories(glossa_utf8proc SYSTEM INTERFACE ${UTF8PROC_INCLUDE_DIRS})
target_link_directories(glossa_utf8proc INTERFACE ${UTF8PROC_LIBRARY_DIRS})
target_link_libraries(glossa_utf8proc INTERFACE ${UTF8PROC_LIBRARIES})

# CLD2 ships neither a CMake config nor a pkg-config file.
find_path(CLD2_INCLUDE_DIR cld2/public/compact_lang_det.h REQUIRED)
find_library(CLD2_LIBRARY NAMES cld2 REQUIRED)
add_library(glossa_cld2 INTERFACE)
target_include_directories(glossa_cld2 SYSTEM INTERFACE ${CLD2_INCLUDE_DIR})
target_link_libraries(glossa_cld2 INTERFACE ${CLD2_LIBRARY})

# LibTorch is only needed where tensors are: the tests that prove the SentencePiece bridge
# coexists with it now, the engine later.
find_package(Torch REQUIRED)

if(GLOSSA_BUILD_GUI OR GLOSSA_BUILD_TESTS)
  # PrintSupport must be found before QCustomPlotQt6 (PLATFORM.md).
  find_package(Qt6 REQUIRED COMPONENTS Core Gui Widgets PrintSupport Concurrent Test LinguistTools)
  find_package(QCustomPlotQt6 REQUIRED)
  # Language names in the UI's language (ui/widgets/languagename.cpp); Qt itself links ICU.
  find_package(ICU REQUIRED COMPONENTS uc)
endif()
