#include "common/c_ptr.hpp"

#include <doctest/doctest.h>

#include <type_traits>

using councilcast::CPtr;

namespace {

struct Handle {
    int* freed;
};

void free_handle(Handle* handle) {
    ++*handle->freed;
}
// Like av_frame_free: frees and clears the caller's pointer.
void free_and_clear(Handle** handle) {
    ++*(*handle)->freed;
    *handle = nullptr;
}
int free_with_result(Handle* handle) {
    ++*handle->freed;
    return 1;
}
void free_untyped(void* handle) {
    ++*static_cast<Handle*>(handle)->freed;
}

}  // namespace

TEST_CASE("a CPtr frees its handle once, with either form of free function") {
    int freed = 0;
    Handle a{&freed}, b{&freed}, c{&freed}, d{&freed};
    {
        CPtr<&free_handle> by_pointer(&a);
        CPtr<&free_and_clear> by_address(&b);
        CPtr<&free_with_result> with_result(&c);
        CPtr<&free_untyped, Handle> untyped(&d);
        static_assert(std::is_same_v<decltype(by_address)::element_type, Handle>);
        static_assert(std::is_same_v<decltype(by_pointer)::element_type, Handle>);
        CHECK(freed == 0);
    }
    CHECK(freed == 4);
}

TEST_CASE("an empty CPtr frees nothing, a released one neither") {
    int freed = 0;
    Handle a{&freed};
    { CPtr<&free_handle> empty; }
    {
        CPtr<&free_handle> owner(&a);
        CHECK(owner.release() == &a);
    }
    CHECK(freed == 0);
    static_assert(sizeof(CPtr<&free_handle>) == sizeof(Handle*), "no state in the deleter");
}
