# NETWORKBOT_SANITIZE builds everything (our code and the Beast/Asio unit) with ASan + UBSan. Any
# UBSan report aborts, so a test that trips one fails instead of printing and passing.
if(NETWORKBOT_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer -g)
  add_link_options(-fsanitize=address,undefined)
endif()
