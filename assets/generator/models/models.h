// assets/generator/models/models.h: one builder per artifact of the sample exhibit.
// Conventions (see mesh.h): metres, +Y up, standing on y = 0, front towards +Z, true scale.
#pragma once
#include "assets/generator/image.h"
#include "assets/generator/mesh.h"
#include "assets/generator/sample_model.h"

namespace heritage::sample {

SampleModel make_dan_tinh_tay();
SampleModel make_khen_mong();
SampleModel make_mu_khun_tang_pa_di();
SampleModel make_nha_trinh_tuong_ha_nhi();
SampleModel make_qua_con_giay();
SampleModel make_sach_nom_dao();
SampleModel make_tranh_tho_dao_do();
SampleModel make_trang_phuc_dao_do();
SampleModel make_trong_dong_gia_phu();
SampleModel make_trong_dong_pha_long();
SampleModel make_vay_lanh_mong_hoa();
SampleModel make_vong_co_bac_mong();
SampleModel make_yen_ngua_bac_ha();

}  // namespace heritage::sample
