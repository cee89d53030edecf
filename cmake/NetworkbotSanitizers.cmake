# NETWORKBOT_SANITIZE builds everything (our code and the Beast/Asio unit) with ASan + UBSan. Any
# UBSan report aborts, so a test that trips one fails instead of printing and passing.
if(NETWORKBOT_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer -g)
  add_link_options(-fsanitize=address,undefined)
  # clang 14 cannot compile coroutine templates under -fsanitize=function (one of UBSan's checks): the
  # backend stops with "Cannot represent a difference across sections" (llvm-project issue 49689). Asio's
  # awaitables are such templates, so that one check is off; ASan and the rest of UBSan stay on.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    add_compile_options(-fno-sanitize=function)
  endif()
endif()
