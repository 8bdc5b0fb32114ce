export const id = 949;
export const ids = [949];
export const modules = {

/***/ 9949:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   defaultProvider: () => (/* reexport safe */ _defaultProvider__WEBPACK_IMPORTED_MODULE_0__.v6)
/* harmony export */ });
/* harmony import */ var _defaultProvider__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9882);



/***/ })

};
